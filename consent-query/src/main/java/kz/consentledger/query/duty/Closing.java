package kz.consentledger.query.duty;

import java.time.Instant;
import java.time.LocalDate;

import kz.consentledger.consent.KazakhstanCalendar;

/**
 * A fact that may end a duty: an answer to a subject's request ({@code closes}
 * {@value #ANSWER}, by {@code requestRef}) or a destruction ({@value #DESTRUCTION}, of
 * the clock whose event id is {@code dueEventId}, else of the subject's oldest open
 * destructive clock with the same {@code trigger}).
 */
record Closing(String operator, String subject, String source, String eventId, String closes, String requestRef,
		String dueEventId, String trigger, Instant occurredAt, String outcome) implements DutyFact {

	static final String ANSWER = "answer";

	static final String DESTRUCTION = "destruction";

	boolean answer() {
		return this.closes.equals(ANSWER);
	}

	/** The business date of the closing (Asia/Almaty). */
	LocalDate closed() {
		return LocalDate.ofInstant(this.occurredAt, KazakhstanCalendar.ZONE);
	}

}
