package kz.consentledger.query.duty;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataDestroyed;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.DestructionDue;
import kz.consentledger.events.DueDate;
import kz.consentledger.events.EventKind;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.ProcessingEnded;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.SubjectErased;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.events.SubjectRequestAnswered;
import kz.consentledger.events.SubjectRequestReceived;

/**
 * What each subject event means to the clocks (null: nothing). A re-judged end of
 * processing revises its retention clock ({@link Revision}). A withdrawal opens its stop
 * clock (Law 94-V Art. 8(7)) when it has a stop date, computed by the calendar
 * {@code stopDueCalendar} names (unknown for a withdrawal recorded before calendars had
 * versions, as is whether its date was provisional).
 */
final class DutyFacts implements SubjectEvent.Cases<DutyFact> {

	static final DutyFacts INSTANCE = new DutyFacts();

	static final String SUBJECT_REQUEST = "subject-request";

	static final String CONSENT_WITHDRAWN = "consent-withdrawn";

	static final String WITHDRAWAL_REFERENCE = "Law 94-V Art. 8(7)";

	private DutyFacts() {
	}

	static DutyFact of(SubjectEvent event) {
		return event.accept(INSTANCE);
	}

	@Override
	public DutyFact withdrawn(ConsentWithdrawn event) {
		if (event.stopDueBy() == null) {
			return null;
		}
		Provenance p = event.provenance();
		return new Opening(event.operator(), event.subject(), p.source(), p.eventId(), Opening.WITHDRAWAL_STOP,
				CONSENT_WITHDRAWN, null, WITHDRAWAL_REFERENCE, null, p.occurredAt(), event.stopDueBy(),
				event.stopDueCalendar(), event.stopDueProvisional());
	}

	@Override
	public DutyFact destructionDue(DestructionDue event) {
		return opening(event, "destruction", event.trigger(), event.requestRef(), event.legalReference(), null,
				event.due());
	}

	@Override
	public DutyFact processingEnded(ProcessingEnded event) {
		return opening(event, Opening.RETENTION, event.reason(), null, event.retentionRule(), event.policyVersion(),
				event.destroyBy());
	}

	@Override
	public DutyFact requestReceived(SubjectRequestReceived event) {
		return opening(event, Opening.ofRequest(event.kind()), SUBJECT_REQUEST, event.requestRef(),
				event.legalReference(), null, event.due());
	}

	@Override
	public DutyFact requestAnswered(SubjectRequestAnswered event) {
		Provenance p = event.provenance();
		return new Closing(event.operator(), event.subject(), p.source(), p.eventId(), Closing.ANSWER,
				event.requestRef(), null, null, p.occurredAt(), event.outcome());
	}

	@Override
	public DutyFact destroyed(DataDestroyed event) {
		Provenance p = event.provenance();
		return new Closing(event.operator(), event.subject(), p.source(), p.eventId(), Closing.DESTRUCTION, null,
				event.dueEventId(), event.trigger(), p.occurredAt(), event.outcome());
	}

	private static Opening opening(SubjectEvent event, String kind, String trigger, String requestRef,
			String legalReference, String policyVersion, DueDate due) {
		Provenance p = event.provenance();
		return new Opening(event.operator(), event.subject(), p.source(), p.eventId(), kind, trigger, requestRef,
				legalReference, policyVersion, p.occurredAt(), (due != null) ? due.date() : null,
				(due != null) ? due.calendar() : null, (due != null) ? due.provisional() : null);
	}

	@Override
	public DutyFact granted(ConsentGranted event) {
		return null;
	}

	@Override
	public DutyFact withdrawalRefused(ConsentWithdrawalRefused event) {
		return null;
	}

	@Override
	public DutyFact accepted(PolicyAccepted event) {
		return null;
	}

	@Override
	public DutyFact shared(DataShared event) {
		return null;
	}

	/** A retention clock's date given by a policy version published after it. */
	@Override
	public DutyFact revised(JudgmentRevised event) {
		if (!EventKind.PROCESSING_ENDED.id().equals(event.judgedType())) {
			return null;
		}
		Provenance p = event.provenance();
		return Revision.of(event.operator(), event.subject(), p.source(), p.eventId(), event.judgedSource(),
				event.judgedEventId(), event.reasons(), event.stopDueBy());
	}

	@Override
	public DutyFact erased(SubjectErased event) {
		return null;
	}

}
