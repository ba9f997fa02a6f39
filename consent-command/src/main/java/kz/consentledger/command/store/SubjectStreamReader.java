package kz.consentledger.command.store;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.command.domain.SubjectEvents;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.replay.PositionedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Reads a subject's stream through the event store, which adds the events staged in the
 * current unit of work to the committed ones.
 */
@Component
class SubjectStreamReader implements SubjectEvents {

	private final EventStore events;

	/** Lazy: the event store is built after the aggregates that take this reader. */
	SubjectStreamReader(@Lazy EventStore events) {
		this.events = events;
	}

	@Override
	public List<PositionedEvent> of(String aggregateId) {
		List<PositionedEvent> read = new ArrayList<>();
		DomainEventStream stream = this.events.readEvents(aggregateId);
		while (stream.hasNext()) {
			DomainEventMessage<?> event = stream.next();
			read.add(new PositionedEvent(event.getSequenceNumber(), (SubjectEvent) event.getPayload()));
		}
		return read;
	}

}
