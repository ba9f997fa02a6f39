package kz.consentledger.command.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch decided: the new events of every stream it touched, in the order they
 * were decided, each at its stream's next sequence number. The store writes them in this
 * order, so the ledger order is the order of decision.
 */
public final class Decisions {

	private final List<NewEvent> events = new ArrayList<>();

	private final Map<String, List<NewEvent>> byStream = new HashMap<>();

	void add(String streamType, String stream, long sequence, Object payload, Map<String, String> metadata) {
		NewEvent event = new NewEvent(streamType, stream, sequence, payload, Map.copyOf(metadata));
		this.events.add(event);
		this.byStream.computeIfAbsent(stream, (id) -> new ArrayList<>()).add(event);
	}

	/** Every new event, in the order decided. */
	public List<NewEvent> events() {
		return Collections.unmodifiableList(this.events);
	}

	/** The new events of one stream, in order; none when the batch decided none. */
	public List<NewEvent> of(String stream) {
		return Collections.unmodifiableList(this.byStream.getOrDefault(stream, List.of()));
	}

	/**
	 * One decided event.
	 *
	 * @param streamType the kind of stream ({@link SubjectConsent#STREAM_TYPE} or
	 * {@link OperatorPolicies#STREAM_TYPE}), stored as the event's aggregate type
	 * @param metadata what is stored beside the payload so that sourcing need not read it
	 */
	public record NewEvent(String streamType, String stream, long sequence, Object payload,
			Map<String, String> metadata) {
	}

}
