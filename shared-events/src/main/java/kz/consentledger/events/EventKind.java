package kz.consentledger.events;

import java.util.Arrays;
import java.util.List;

/**
 * The one vocabulary of stored event kinds: what the history's {@code type}, the
 * dashboard's activity columns and texts, the printable export's labels and
 * {@link JudgmentRevised#judgedType()} call each event. A subject event's kind comes from
 * the exhaustive {@link SubjectEvent.Cases}, so a new subject event type does not compile
 * until it has one.
 */
public enum EventKind {

	CONSENT_GRANTED("consent-granted"), CONSENT_WITHDRAWN("consent-withdrawn"),
	CONSENT_WITHDRAWAL_REFUSED("consent-withdrawal-refused"), POLICY_ACCEPTED("policy-accepted"),
	DATA_SHARED("data-shared"), JUDGMENT_REVISED("judgment-revised"), SUBJECT_ERASED("subject-erased"),
	DESTRUCTION_DUE("destruction-due"), DATA_DESTROYED("data-destroyed"), PROCESSING_ENDED("processing-ended"),
	REQUEST_RECEIVED("request-received"), REQUEST_ANSWERED("request-answered"),

	/** An operator's policy version: the one kind that is not a subject's event. */
	POLICY_PUBLISHED("policy-published");

	private static final SubjectEvent.Cases<EventKind> OF_SUBJECT_EVENT = new SubjectEvent.Cases<>() {

		@Override
		public EventKind granted(ConsentGranted event) {
			return CONSENT_GRANTED;
		}

		@Override
		public EventKind withdrawn(ConsentWithdrawn event) {
			return CONSENT_WITHDRAWN;
		}

		@Override
		public EventKind withdrawalRefused(ConsentWithdrawalRefused event) {
			return CONSENT_WITHDRAWAL_REFUSED;
		}

		@Override
		public EventKind accepted(PolicyAccepted event) {
			return POLICY_ACCEPTED;
		}

		@Override
		public EventKind shared(DataShared event) {
			return DATA_SHARED;
		}

		@Override
		public EventKind revised(JudgmentRevised event) {
			return JUDGMENT_REVISED;
		}

		@Override
		public EventKind erased(SubjectErased event) {
			return SUBJECT_ERASED;
		}

		@Override
		public EventKind destructionDue(DestructionDue event) {
			return DESTRUCTION_DUE;
		}

		@Override
		public EventKind destroyed(DataDestroyed event) {
			return DATA_DESTROYED;
		}

		@Override
		public EventKind processingEnded(ProcessingEnded event) {
			return PROCESSING_ENDED;
		}

		@Override
		public EventKind requestReceived(SubjectRequestReceived event) {
			return REQUEST_RECEIVED;
		}

		@Override
		public EventKind requestAnswered(SubjectRequestAnswered event) {
			return REQUEST_ANSWERED;
		}

	};

	private final String id;

	EventKind(String id) {
		this.id = id;
	}

	/** The name APIs, tables and texts use, such as {@code data-shared}. */
	public String id() {
		return this.id;
	}

	/** Whether events of this kind belong to a subject's stream. */
	public boolean ofSubject() {
		return this != POLICY_PUBLISHED;
	}

	public static EventKind of(SubjectEvent event) {
		return event.accept(OF_SUBJECT_EVENT);
	}

	/**
	 * The kind of a stored payload: a subject event or a policy publication.
	 * @throws IllegalArgumentException for anything else
	 */
	public static EventKind of(Object payload) {
		if (payload instanceof SubjectEvent event) {
			return of(event);
		}
		if (payload instanceof PolicyVersionPublished) {
			return POLICY_PUBLISHED;
		}
		throw new IllegalArgumentException("not a stored event: " + payload);
	}

	/** The kinds of a subject's events, in declaration order. */
	public static List<EventKind> subjectKinds() {
		return Arrays.stream(values()).filter(EventKind::ofSubject).toList();
	}

}
