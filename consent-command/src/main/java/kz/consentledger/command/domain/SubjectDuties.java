package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import kz.consentledger.commands.AnswerSubjectRequest;
import kz.consentledger.commands.EndProcessing;
import kz.consentledger.commands.ReceiveSubjectRequest;
import kz.consentledger.commands.RecordDestruction;
import kz.consentledger.commands.RecordDestructionDue;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.DataDestroyed;
import kz.consentledger.events.DestructionDue;
import kz.consentledger.events.DueDate;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.ProcessingEnded;
import kz.consentledger.events.SubjectRequestAnswered;
import kz.consentledger.events.SubjectRequestReceived;
import kz.consentledger.replay.PositionedEvent;

/**
 * The facts of the duties after consent, each with the due date its clock runs to. They
 * change no consent, so the aggregate keeps nothing of them; like every fact they are
 * recorded as they come, never refused.
 */
final class SubjectDuties {

	private SubjectDuties() {
	}

	static SubjectRequestReceived received(ReceiveSubjectRequest command, DutyTerms terms) {
		DutyTerms.Term term = terms.request(command.kind());
		return new SubjectRequestReceived(command.operator(), command.subject(), command.requestRef(), command.kind(),
				command.channel(), term.legalReference(),
				terms.due(command.provenance().occurredAt(), term.workingDays()), command.provenance());
	}

	static SubjectRequestAnswered answered(AnswerSubjectRequest command) {
		return new SubjectRequestAnswered(command.operator(), command.subject(), command.requestRef(),
				command.outcome(), command.reason(), command.document(), command.provenance());
	}

	/**
	 * Due by the trigger's statutory term, or by the producer's date when that is
	 * earlier: a producer may promise sooner, never later than the law. The calendar is
	 * the statutory computation's; the reference says when the producer's date was kept.
	 */
	static DestructionDue destructionDue(RecordDestructionDue command, DutyTerms terms) {
		DueDate due = terms.due(command.provenance().occurredAt(),
				DutyTerms.destruction(command.trigger()).workingDays());
		String reference = command.legalReference();
		if (command.dueBy() != null && command.dueBy().isBefore(due.date())) {
			reference = reference + "; " + DutyTerms.PRODUCERS_DATE + " (statutory " + due.date() + ")";
			due = new DueDate(command.dueBy(), due.calendar(), false);
		}
		return new DestructionDue(command.operator(), command.subject(), command.trigger(), reference,
				command.purposes(), command.dataCategories(), command.requestRef(), due, command.provenance());
	}

	static DataDestroyed destroyed(RecordDestruction command) {
		return new DataDestroyed(command.operator(), command.subject(), command.dueEventId(), command.trigger(),
				command.outcome(), command.hold(), command.dataCategories(), command.systems(), command.method(),
				command.performedBy(), command.provenance());
	}

	/**
	 * The retention clock of the policy version named, or of the subject's latest version
	 * accepted or granted by then. A version not yet published (its publication travels
	 * in another partition) is noted, so that the clock gets its date when it is
	 * ({@code RejudgeSubject}).
	 */
	static ProcessingEnded ended(EndProcessing command, DutyTerms terms, PolicyTermsLookup policies,
			PolicyReferences references, Supplier<List<PositionedEvent>> past) {
		Instant at = command.provenance().occurredAt();
		String version = (command.policyVersion() != null) ? command.policyVersion() : latestVersion(past.get(), at);
		Optional<PolicyTerms> policy = (version != null) ? policies.find(command.operator(), version)
				: Optional.empty();
		if (version != null && policy.isEmpty()) {
			references.unresolved(command.operator(), version, command.aggregateId());
		}
		Retention retention = retention(command.reason(), at, version, policy, terms);
		return new ProcessingEnded(command.operator(), command.subject(), command.reason(), command.purposes(), version,
				retention.rule(), retention.destroyBy(), command.provenance());
	}

	/**
	 * The retention {@code version}'s rule gives processing that ended ({@code reason})
	 * at {@code at}: years after the agreement ends count from the business date of its
	 * end, to a working day (a purpose reached before then starts no such clock); "until
	 * the purpose is reached" gives a working day.
	 */
	static Retention retention(String reason, Instant at, String version, Optional<PolicyTerms> policy,
			DutyTerms terms) {
		if (version == null) {
			return new Retention("no rule: the event names no policy version and, when it arrived, the ledger held "
					+ "no grant or acceptance of the subject before " + at, null);
		}
		if (policy.isEmpty()) {
			return new Retention("no rule: policy version " + version + " is not published", null);
		}
		PolicyTerms.Retention retention = policy.get().retention();
		if (retention.yearsAfterAgreementEnd() != null) {
			if (!"agreement-ended".equals(reason)) {
				return new Retention(retention.rule() + " (not started: the agreement has not ended)", null);
			}
			return new Retention(retention.rule(), terms.onOrAfter(
					LocalDate.ofInstant(at, KazakhstanCalendar.ZONE).plusYears(retention.yearsAfterAgreementEnd())));
		}
		if (retention.untilPurposeReached()) {
			return new Retention(retention.rule(), terms.due(at, DutyTerms.ONE_WORKING_DAY.workingDays()));
		}
		return new Retention(retention.rule(), null);
	}

	/**
	 * The version of the latest grant or acceptance by business time, up to {@code at}.
	 */
	private static String latestVersion(List<PositionedEvent> past, Instant at) {
		String version = null;
		Instant latest = null;
		for (PositionedEvent positioned : past) {
			String named = null;
			if (positioned.event() instanceof ConsentGranted granted) {
				named = granted.policyVersion();
			}
			else if (positioned.event() instanceof PolicyAccepted accepted) {
				named = accepted.policyVersion();
			}
			Instant time = positioned.event().provenance().occurredAt();
			if (named != null && !time.isAfter(at) && (latest == null || !time.isBefore(latest))) {
				version = named;
				latest = time;
			}
		}
		return version;
	}

	/** A retention rule in words and the destroy-by date it gives, null for none. */
	record Retention(String rule, DueDate destroyBy) {

		/**
		 * As a re-judgment records it: the rule, then the calendar that computed the date
		 * ({@code calendar <version>}, {@code (provisional)} after it when it is).
		 */
		List<String> reasons() {
			if (this.destroyBy == null) {
				return List.of(this.rule);
			}
			return List.of(this.rule,
					"calendar " + this.destroyBy.calendar() + (this.destroyBy.provisional() ? " (provisional)" : ""));
		}

		LocalDate date() {
			return (this.destroyBy != null) ? this.destroyBy.date() : null;
		}

	}

}
