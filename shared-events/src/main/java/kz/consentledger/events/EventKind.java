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
	DATA_SHARED("data-shared"), JUDGMENT_REVISED("judgment-revised"),

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
