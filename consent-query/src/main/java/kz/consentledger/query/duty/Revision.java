package kz.consentledger.query.duty;

import java.time.LocalDate;
import java.util.List;

/**
 * The ledger judged a retention clock's event again (a {@code JudgmentRevised} of
 * {@code processing-ended}, identified by its own {@code (source, eventId)}): its policy
 * version was published after it, and the clock takes the rule and date it gives. The
 * revision's reasons are the rule in words, then {@code calendar <version>} with
 * {@code (provisional)} after it when the date is (none without a date).
 */
record Revision(String operator, String subject, String source, String eventId, String judgedSource,
		String judgedEventId, String rule, LocalDate dueDate, String calendarVersion,
		Boolean provisional) implements DutyFact {

	private static final String CALENDAR = "calendar ";

	private static final String PROVISIONAL = " (provisional)";

	static Revision of(String operator, String subject, String source, String eventId, String judgedSource,
			String judgedEventId, List<String> reasons, LocalDate dueDate) {
		String calendar = (dueDate != null && reasons.size() > 1 && reasons.get(1).startsWith(CALENDAR))
				? reasons.get(1).substring(CALENDAR.length()) : null;
		Boolean provisional = (calendar != null) ? calendar.endsWith(PROVISIONAL) : null;
		if (Boolean.TRUE.equals(provisional)) {
			calendar = calendar.substring(0, calendar.length() - PROVISIONAL.length());
		}
		return new Revision(operator, subject, source, eventId, judgedSource, judgedEventId,
				reasons.isEmpty() ? null : reasons.get(0), dueDate, calendar, provisional);
	}

	/** The revised clock: its rule and due date are this judgment's. */
	Opening revise(Opening clock) {
		return new Opening(clock.operator(), clock.subject(), clock.source(), clock.eventId(), clock.kind(),
				clock.trigger(), clock.requestRef(), (this.rule != null) ? this.rule : clock.legalReference(),
				clock.policyVersion(), clock.openedAt(), this.dueDate, this.calendarVersion, this.provisional);
	}

}
