package kz.consentledger.query.duty;

/**
 * What a subject event means to the duties' clocks: it opens one, may close one, or
 * revises one's due date.
 */
sealed interface DutyFact permits Opening, Closing, Revision {

	String operator();

	String subject();

	String source();

	String eventId();

}
