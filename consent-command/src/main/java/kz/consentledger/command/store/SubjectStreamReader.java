package kz.consentledger.command.store;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.command.domain.Decisions;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.replay.PositionedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

/**
 * Reads a subject's stream whole, payloads and all, for the rare decision that needs it
 * (a re-judgment, an erasure, a retention clock without a named version): the committed
 * events, then those the batch has decided so far.
 */
@Component
public class SubjectStreamReader {

	private final EventStorageEngine storage;

	SubjectStreamReader(EventStorageEngine storage) {
		this.storage = storage;
	}

	public List<PositionedEvent> of(String aggregateId, Decisions batch) {
		List<PositionedEvent> read = new ArrayList<>();
		DomainEventStream stream = this.storage.readEvents(aggregateId);
		while (stream.hasNext()) {
			DomainEventMessage<?> event = stream.next();
			read.add(new PositionedEvent(event.getSequenceNumber(), (SubjectEvent) event.getPayload()));
		}
		batch.of(aggregateId)
			.forEach((event) -> read.add(new PositionedEvent(event.sequence(), (SubjectEvent) event.payload())));
		return read;
	}

}
