package kz.consentledger.command.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spares the store the reads that cannot find anything. Most events of a busy ledger are
 * the first of a new subject, and Axon reads a stream (and its snapshot) before creating
 * an aggregate; {@link #prepare} asks once per batch which of its streams exist, and the
 * storage engine answers the others with an empty stream without a query. The ledger
 * keeps no snapshots (aggregates are cached instead), so snapshot reads are always empty.
 */
@Configuration(proxyBeanMethods = false)
public class NewStreams {

	private static final String NEW = NewStreams.class.getName() + ".new";

	private final JdbcTemplate jdbc;

	NewStreams(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records, for the current unit of work, which of these streams have no stored event
	 * yet.
	 */
	public void prepare(Collection<String> aggregateIds) {
		if (aggregateIds.isEmpty() || !CurrentUnitOfWork.isStarted()) {
			return;
		}
		Set<String> fresh = new HashSet<>(aggregateIds);
		this.jdbc.query((connection) -> {
			// One index probe per stream: a busy subject's stream holds thousands of
			// events.
			var statement = connection.prepareStatement("SELECT s.id FROM unnest(?::varchar[]) AS s (id) WHERE EXISTS"
					+ " (SELECT 1 FROM ledger.domain_event_entry e WHERE e.aggregate_identifier = s.id)");
			statement.setArray(1, connection.createArrayOf("varchar", fresh.toArray()));
			return statement;
		}, (row) -> {
			fresh.remove(row.getString(1));
		});
		CurrentUnitOfWork.get().root().getOrComputeResource(NEW, (name) -> new HashSet<String>()).addAll(fresh);
	}

	@Bean
	static BeanPostProcessor newStreamsStorage() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				return (bean instanceof EventStorageEngine engine) ? new Storage(engine) : bean;
			}
		};
	}

	/** The JDBC engine, minus the reads {@link #prepare} showed to be empty. */
	record Storage(EventStorageEngine engine) implements EventStorageEngine {

		@Override
		public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
			if (CurrentUnitOfWork.isStarted()) {
				Set<String> fresh = CurrentUnitOfWork.get().root().getResource(NEW);
				if (fresh != null && fresh.contains(aggregateIdentifier)) {
					return DomainEventStream.empty();
				}
			}
			return this.engine.readEvents(aggregateIdentifier, firstSequenceNumber);
		}

		@Override
		public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
			return Optional.empty();
		}

		@Override
		public void storeSnapshot(DomainEventMessage<?> snapshot) {
			throw new UnsupportedOperationException("the ledger keeps no snapshots");
		}

		@Override
		public void appendEvents(List<? extends EventMessage<?>> events) {
			this.engine.appendEvents(events);
		}

		@Override
		public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
			return this.engine.readEvents(trackingToken, mayBlock);
		}

		@Override
		public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
			return this.engine.lastSequenceNumberFor(aggregateIdentifier);
		}

		@Override
		public TrackingToken createTailToken() {
			return this.engine.createTailToken();
		}

		@Override
		public TrackingToken createHeadToken() {
			return this.engine.createHeadToken();
		}

		@Override
		public TrackingToken createTokenAt(java.time.Instant dateTime) {
			return this.engine.createTokenAt(dateTime);
		}

	}

}
