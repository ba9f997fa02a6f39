package kz.consentledger.command.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import kz.consentledger.storage.LedgerStorage;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads the streams a batch will source in one statement instead of one at a time. Axon
 * sources an aggregate the cache does not hold with at least two queries (its events,
 * then an empty batch to be sure there are no more), one aggregate after the other; with
 * 1,000,000 subjects a growing share of a batch's subjects are new or evicted, and those
 * round trips bounded ingest once the store outgrew the cache. {@link #prepare} reads the
 * first events of every such stream of the batch at once, and the storage engine answers
 * from them; a longer stream's rest is read as before. The ledger keeps no snapshots
 * (aggregates are cached instead), so snapshot reads are always empty.
 */
@Configuration(proxyBeanMethods = false)
public class BatchStreams {

	private static final String READ = BatchStreams.class.getName() + ".read";

	private final Engine engine;

	private final Cache aggregates;

	BatchStreams(Engine engine, Cache aggregateCache) {
		this.engine = engine;
		this.aggregates = aggregateCache;
	}

	@Bean
	static Engine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions) {
		return new Engine(LedgerStorage.eventStorageEngineBuilder(connections, transactions));
	}

	/**
	 * Reads, for the current unit of work, the head of each of these subject streams that
	 * the aggregate cache does not hold. An operator's stream is left to the usual read:
	 * {@link PolicyCatalogue} must see a version another batch has just committed.
	 */
	public void prepare(Collection<String> aggregateIds) {
		if (!CurrentUnitOfWork.isStarted()) {
			return;
		}
		List<String> uncached = aggregateIds.stream()
			.filter((id) -> LedgerStorage.subjectOf(id) != null && !this.aggregates.containsKey(id))
			.toList();
		if (!uncached.isEmpty()) {
			CurrentUnitOfWork.get()
				.root()
				.getOrComputeResource(READ, (name) -> new HashMap<String, List<DomainEventData<?>>>())
				.putAll(this.engine.heads(uncached));
		}
	}

	/** Axon's JDBC engine, answering from the heads read by {@link #prepare}. */
	static final class Engine extends JdbcEventStorageEngine {

		Engine(Builder builder) {
			super(builder);
		}

		/**
		 * The first {@link #batchSize()} events of each stream, by stream; an empty list
		 * for a stream with none.
		 */
		Map<String, List<DomainEventData<?>>> heads(List<String> streams) {
			Map<String, List<DomainEventData<?>>> heads = new HashMap<>();
			streams.forEach((stream) -> heads.put(stream, new ArrayList<>()));
			// Called in the batch's unit of work: the connection is its transaction's.
			List<DomainEventData<?>> rows = JdbcUtils.executeQuery(getConnection(), (connection) -> {
				var statement = connection.prepareStatement("SELECT " + domainEventFields() + " FROM "
						+ schema().domainEventTable() + " WHERE " + schema().aggregateIdentifierColumn()
						+ " = ANY (?) AND " + schema().sequenceNumberColumn() + " < ? ORDER BY "
						+ schema().aggregateIdentifierColumn() + ", " + schema().sequenceNumberColumn());
				statement.setArray(1, connection.createArrayOf("varchar", streams.toArray()));
				statement.setLong(2, batchSize());
				return statement;
			}, JdbcUtils.listResults(this::getDomainEventData),
					(ex) -> new EventStoreException("Failed to read the streams of a batch " + streams, ex));
			rows.forEach((row) -> heads.get(row.getAggregateIdentifier()).add(row));
			return heads;
		}

		/**
		 * A stream's sequence numbers run from 0 without gaps (Axon appends them so and
		 * the ledger deletes nothing), so a head shorter than a batch is the whole
		 * stream.
		 */
		@Override
		protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
				long firstSequenceNumber, int batchSize) {
			List<DomainEventData<?>> head = read(aggregateIdentifier);
			if (head == null || (firstSequenceNumber >= head.size() && head.size() == batchSize())) {
				return super.fetchDomainEvents(aggregateIdentifier, firstSequenceNumber, batchSize);
			}
			int from = (int) Math.min(firstSequenceNumber, head.size());
			return head.subList(from, Math.min(head.size(), from + batchSize));
		}

		private static List<DomainEventData<?>> read(String aggregateIdentifier) {
			if (!CurrentUnitOfWork.isStarted()) {
				return null;
			}
			Map<String, List<DomainEventData<?>>> read = CurrentUnitOfWork.get().root().getResource(READ);
			return (read != null) ? read.get(aggregateIdentifier) : null;
		}

		@Override
		protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
			return Stream.empty();
		}

		@Override
		protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
			throw new UnsupportedOperationException("the ledger keeps no snapshots");
		}

	}

}
