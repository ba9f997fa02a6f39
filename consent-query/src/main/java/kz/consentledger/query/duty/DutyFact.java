package kz.consentledger.query.duty;

/** What a subject event means to the duties' clocks: it opens one or may close one. */
sealed interface DutyFact permits Opening, Closing {

	String operator();

	String subject();

	String source();

	String eventId();

}
