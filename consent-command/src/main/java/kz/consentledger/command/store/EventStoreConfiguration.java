package kz.consentledger.command.store;

import kz.consentledger.storage.LedgerStorage;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's storage engine over the ledger's event table: the command side reads committed
 * streams through it (an operator's policy versions, a subject's events for a re-judgment
 * or an erasure); it appends with {@link EventRows} (ADR 0028).
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

	@Bean
	EventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions) {
		return LedgerStorage.eventStorageEngine(connections, transactions);
	}

}
