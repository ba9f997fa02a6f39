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

	/** The producer's date when it gave one, else the trigger's statutory term. */
	static DestructionDue destructionDue(RecordDestructionDue command, DutyTerms terms) {
		DueDate due = (command.dueBy() != null) ? DutyTerms.producers(command.dueBy())
				: terms.due(command.provenance().occurredAt(), DutyTerms.destruction(command.trigger()).workingDays());
		return new DestructionDue(command.operator(), command.subject(), command.trigger(), command.legalReference(),
				command.purposes(), command.dataCategories(), command.requestRef(), due, command.provenance());
	}

	static DataDestroyed destroyed(RecordDestruction command) {
		return new DataDestroyed(command.operator(), command.subject(), command.dueEventId(), command.trigger(),
				command.outcome(), command.hold(), command.dataCategories(), command.systems(), command.method(),
				command.performedBy(), command.provenance());
	}

	/**
	 * The retention clock of the policy version named, or of the subject's latest version
	 * accepted or granted by then: years after the agreement ends count from the business
	 * date of its end (a purpose reached before then starts no such clock); "until the
	 * purpose is reached" gives a working day.
	 */
	static ProcessingEnded ended(EndProcessing command, DutyTerms terms, PolicyTermsLookup policies,
			Supplier<List<PositionedEvent>> past) {
		Instant at = command.provenance().occurredAt();
		String version = (command.policyVersion() != null) ? command.policyVersion() : latestVersion(past.get(), at);
		Optional<PolicyTerms> policy = (version != null) ? policies.find(command.operator(), version)
				: Optional.empty();
		String rule;
		DueDate destroyBy = null;
		if (version == null) {
			rule = "no rule: the subject accepted or was granted no policy version";
		}
		else if (policy.isEmpty()) {
			rule = "no rule: policy version " + version + " is not published";
		}
		else {
			PolicyTerms.Retention retention = policy.get().retention();
			rule = retention.rule();
			if (retention.yearsAfterAgreementEnd() != null) {
				if ("agreement-ended".equals(command.reason())) {
					destroyBy = terms.on(LocalDate.ofInstant(at, KazakhstanCalendar.ZONE)
						.plusYears(retention.yearsAfterAgreementEnd()));
				}
				else {
					rule = rule + " (not started: the agreement has not ended)";
				}
			}
			else if (retention.untilPurposeReached()) {
				destroyBy = terms.due(at, DutyTerms.ONE_WORKING_DAY.workingDays());
			}
		}
		return new ProcessingEnded(command.operator(), command.subject(), command.reason(), command.purposes(), version,
				rule, destroyBy, command.provenance());
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

}
