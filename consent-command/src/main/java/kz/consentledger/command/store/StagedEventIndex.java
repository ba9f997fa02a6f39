package kz.consentledger.command.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import kz.consentledger.service.store.LedgerStoreConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store of the command side, with the events staged in a batch indexed by
 * stream. Axon sources an aggregate from its stored events plus the events the unit of
 * work has staged but not yet written; it finds the latter by copying and scanning every
 * staged event of the whole unit of work (with a linear duplicate check per event), for
 * every command. A batch of n commands thus cost O(n³): the profile's hottest frames.
 * Here each published domain event is also indexed by stream in the root unit of work
 * (and dropped again if its own nested unit of work rolls back), and the lookup is a map
 * access.
 */
@Configuration(proxyBeanMethods = false)
class StagedEventIndex {

	@Bean
	EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon) {
		return new IndexedEventStore(LedgerStoreConfiguration.eventStore(storageEngine, axon));
	}

	static final class IndexedEventStore extends EmbeddedEventStore {

		private static final String STAGED = IndexedEventStore.class.getName() + ".staged";

		IndexedEventStore(Builder builder) {
			super(builder);
		}

		/**
		 * Stages the events as Axon does, and indexes them as staged: Axon's own lookup
		 * also sees them as published, before any dispatch interceptor.
		 */
		@Override
		public void publish(List<? extends EventMessage<?>> events) {
			super.publish(events);
			if (!CurrentUnitOfWork.isStarted()) {
				return;
			}
			UnitOfWork<?> current = CurrentUnitOfWork.get();
			Map<String, List<DomainEventMessage<?>>> staged = current.root()
				.getOrComputeResource(STAGED, (key) -> new HashMap<>());
			for (EventMessage<?> event : events) {
				if (event instanceof DomainEventMessage<?> domainEvent) {
					List<DomainEventMessage<?>> stream = staged.computeIfAbsent(domainEvent.getAggregateIdentifier(),
							(id) -> new ArrayList<>());
					stream.add(domainEvent);
					current.onRollback((unitOfWork) -> stream.remove(domainEvent));
				}
			}
		}

		@Override
		protected Stream<? extends DomainEventMessage<?>> stagedDomainEventMessages(String aggregateIdentifier) {
			return staged(aggregateIdentifier).stream();
		}

	}

	/**
	 * The events staged for this stream in the current unit of work (the batch), in
	 * order; none outside a unit of work.
	 */
	static List<DomainEventMessage<?>> staged(String aggregateIdentifier) {
		if (!CurrentUnitOfWork.isStarted()) {
			return List.of();
		}
		Map<String, List<DomainEventMessage<?>>> staged = CurrentUnitOfWork.get()
			.root()
			.getResource(IndexedEventStore.STAGED);
		List<DomainEventMessage<?>> stream = (staged != null) ? staged.get(aggregateIdentifier) : null;
		return (stream != null) ? List.copyOf(stream) : List.of();
	}

}
