package kz.consentledger.replay;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataDestroyed;
import kz.consentledger.events.DestructionDue;
import kz.consentledger.events.ProcessingEnded;
import kz.consentledger.events.SubjectErased;
import kz.consentledger.events.SubjectRequestAnswered;
import kz.consentledger.events.SubjectRequestReceived;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.proof.StoredEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads stored payloads back into event records without Axon, so that the offline
 * verifier replays exactly what the service replays. Only the known event types and
 * revisions are accepted.
 */
public final class StoredPayloads {

	private static final Map<String, Class<?>> TYPES = Stream
		.of(ConsentGranted.class, ConsentWithdrawn.class, ConsentWithdrawalRefused.class, PolicyAccepted.class,
				DataShared.class, JudgmentRevised.class, SubjectErased.class, DestructionDue.class, DataDestroyed.class,
				ProcessingEnded.class, SubjectRequestReceived.class, SubjectRequestAnswered.class,
				PolicyVersionPublished.class)
		.collect(Collectors.toUnmodifiableMap(Class::getName, (type) -> type));

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private StoredPayloads() {
	}

	public static Object read(StoredEvent event) {
		return read(event.payloadType(), event.payloadRevision(), event.payload());
	}

	public static SubjectEvent readSubjectEvent(StoredEvent event) {
		return readSubjectEvent(event.payloadType(), event.payloadRevision(), event.payload());
	}

	/** A subject's event: a policy publication is not one. */
	public static SubjectEvent readSubjectEvent(String payloadType, String payloadRevision, byte[] payload) {
		Object event = read(payloadType, payloadRevision, payload);
		if (!(event instanceof SubjectEvent subjectEvent)) {
			throw new IllegalArgumentException(payloadType + " is not an event of a subject's stream");
		}
		return subjectEvent;
	}

	/**
	 * Every revision step so far only added nullable fields, which an older payload reads
	 * as null: revisions 1 to the current one are read alike.
	 */
	private static boolean revisionUpTo(String revision, int current) {
		return revision != null && revision.matches("[1-9][0-9]{0,3}") && Integer.parseInt(revision) <= current;
	}

	/**
	 * The revision a type is stored with now: its {@code @Revision}, written here again
	 * because the offline verifier runs without Axon, whose annotation it cannot read
	 * (StoredEventJsonApprovalTest holds the two equal).
	 */
	public static int currentRevision(Class<?> type) {
		return (type == ConsentWithdrawn.class || type == PolicyVersionPublished.class) ? 2 : 1;
	}

	public static Object read(String payloadType, String payloadRevision, byte[] payload) {
		Class<?> type = TYPES.get(payloadType);
		if (type == null) {
			throw new IllegalArgumentException("unknown event type " + payloadType);
		}
		int current = currentRevision(type);
		if (!revisionUpTo(payloadRevision, current)) {
			throw new IllegalArgumentException("event type " + payloadType + " has no revision " + payloadRevision
					+ " (known: 1 to " + current + ")");
		}
		return JSON.readValue(payload, type);
	}

}
