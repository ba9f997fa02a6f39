package kz.consentledger.query.duty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

import kz.consentledger.consent.KazakhstanCalendar;

/**
 * A fact that starts a duty's clock, identified by its event's {@code (source, eventId)}.
 *
 * @param kind {@code access}, {@code correction}, {@code blocking},
 * {@code destruction-request}, {@code objection}, {@code destruction}, {@code retention}
 * or {@code withdrawal-stop}
 * @param trigger why the duty arose, in the destruction triggers' words (a request's is
 * {@code subject-request}, a withdrawal's {@code consent-withdrawn})
 * @param dueDate null for a retention whose policy version states no rule
 * @param calendarVersion null when unknown (a withdrawal's stop date)
 * @param provisional null when unknown
 */
record Opening(String operator, String subject, String source, String eventId, String kind, String trigger,
		String requestRef, String legalReference, String policyVersion, Instant openedAt, LocalDate dueDate,
		String calendarVersion, Boolean provisional) implements DutyFact {

	static final String WITHDRAWAL_STOP = "withdrawal-stop";

	static final String RETENTION = "retention";

	static final String DESTRUCTION_REQUEST = "destruction-request";

	/** The kinds a subject's request opens; an answer to it closes them. */
	static final Set<String> REQUESTS = Set.of("access", "correction", "blocking", DESTRUCTION_REQUEST, "objection");

	/** Every kind of clock, as the API filters them. */
	static final Set<String> KINDS = Set.of("access", "correction", "blocking", DESTRUCTION_REQUEST, "objection",
			"destruction", RETENTION, WITHDRAWAL_STOP);

	/** The kinds a subject's request opens, by the request's kind. */
	static String ofRequest(String requestKind) {
		return "destruction".equals(requestKind) ? DESTRUCTION_REQUEST : requestKind;
	}

	/** The business date the clock started (Asia/Almaty), the day not counted. */
	LocalDate opened() {
		return LocalDate.ofInstant(this.openedAt, KazakhstanCalendar.ZONE);
	}

	/** Whether a destruction can end this duty. */
	boolean destructive() {
		return this.kind.equals(DESTRUCTION_REQUEST) || this.kind.equals("destruction") || this.kind.equals(RETENTION)
				|| this.kind.equals(WITHDRAWAL_STOP);
	}

	/**
	 * Whether the subject's request {@code requestRef} is what this clock waits on: an
	 * answer given before the request was made answers an earlier one, not this.
	 */
	boolean answeredBy(Closing closing) {
		return closing.answer() && REQUESTS.contains(this.kind) && this.requestRef != null
				&& this.requestRef.equals(closing.requestRef()) && openedBy(closing);
	}

	/** Whether this clock was open when {@code closing} happened. */
	boolean openedBy(Closing closing) {
		return !this.openedAt.isAfter(closing.occurredAt());
	}

}
