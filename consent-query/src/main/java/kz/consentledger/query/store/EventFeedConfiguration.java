package kz.consentledger.query.store;

import kz.consentledger.query.QueryProperties;
import kz.consentledger.service.store.LedgerStoreConfiguration;
import kz.consentledger.storage.LedgerStorage;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store the projections tail. Events are appended by consent-command, another
 * process, so nothing tells this one that new events exist: it polls. Axon's default
 * waits a second after a poll that found nothing, which alone put up to a second on the
 * end-to-end lag; {@code ledger.projections.poll-interval} sets the wait (50 ms: one
 * indexed query per interval while idle). The projections' processor reads it through
 * {@link WakingEventSource}, which calls the processor back when events arrive.
 */
@Configuration(proxyBeanMethods = false)
class EventFeedConfiguration {

	/**
	 * Axon's plain JDBC engine: this side only tails the store (the command side extends
	 * it with its batch reads).
	 */
	@Bean
	EventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions) {
		return LedgerStorage.eventStorageEngine(connections, transactions);
	}

	@Bean
	EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
			QueryProperties properties) {
		return LedgerStoreConfiguration.eventStore(storageEngine, axon)
			.fetchDelay(properties.projections().pollInterval().toMillis())
			.build();
	}

	/** The source of {@code axon.eventhandling.processors.consent-projections}. */
	@Bean
	WakingEventSource projectionEvents(EmbeddedEventStore eventStore) {
		return new WakingEventSource(eventStore);
	}

}
