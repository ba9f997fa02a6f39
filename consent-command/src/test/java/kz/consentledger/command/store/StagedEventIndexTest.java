package kz.consentledger.command.store;

import java.util.List;

import kz.consentledger.command.store.StagedEventIndex.IndexedEventStore;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregates are sourced from stored plus staged events; the index must give exactly what
 * Axon's own scan gives: a stream's staged events in order, minus those of a rolled back
 * nested unit of work, and stored events before them.
 */
class StagedEventIndexTest {

	private final IndexedEventStore store = new IndexedEventStore(
			EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()));

	@AfterEach
	void shutDown() {
		this.store.shutDown();
	}

	@Test
	void sourcesStoredThenStagedEventsOfOneStreamAndForgetsRolledBackOnes() {
		this.store.publish(event("a", 0, "stored"));

		UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
		inNested(() -> this.store.publish(event("a", 1, "first"), event("b", 0, "other stream")));
		UnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(new GenericMessage<>("failing command"));
		this.store.publish(event("a", 2, "rolled back"));
		failing.rollback();
		inNested(() -> this.store.publish(event("a", 2, "second")));

		assertThat(payloads("a")).containsExactly("stored", "first", "second");
		assertThat(payloads("b")).containsExactly("other stream");
		batch.commit();

		assertThat(payloads("a")).containsExactly("stored", "first", "second");
	}

	private static void inNested(Runnable command) {
		UnitOfWork<?> nested = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
		nested.execute(command);
	}

	private List<Object> payloads(String aggregateId) {
		return this.store.readEvents(aggregateId).asStream().map((event) -> (Object) event.getPayload()).toList();
	}

	private static DomainEventMessage<String> event(String aggregateId, long sequence, String payload) {
		return new GenericDomainEventMessage<>("Test", aggregateId, sequence, payload);
	}

}
