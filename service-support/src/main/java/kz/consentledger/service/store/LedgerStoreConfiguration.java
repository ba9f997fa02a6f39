package kz.consentledger.service.store;

import kz.consentledger.storage.LedgerStorage;
import javax.sql.DataSource;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's JDBC connections and transactions over the shared event table
 * ({@link LedgerStorage}), in Spring's transactions, with the shared Jackson 3 serializer
 * for events, messages and everything else. Both services import it; each adds its
 * storage engine (built by {@link LedgerStorage}) and the token store it needs.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerStoreConfiguration {

	/**
	 * Connections join the surrounding Spring transaction and stay with the unit of work.
	 */
	@Bean
	ConnectionProvider connectionProvider(DataSource dataSource) {
		return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
	}

	/**
	 * Declared explicitly: Axon 4.13 looks for Boot 3's transaction auto-configuration
	 * and would fall back to no transactions at all on Boot 4.
	 */
	@Bean
	TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
		return new SpringTransactionManager(transactions);
	}

	/**
	 * The event store both services declare (each adds its own part): Axon's, with the
	 * monitor and span factory its auto-configuration would give it.
	 */
	public static EmbeddedEventStore.Builder eventStore(EventStorageEngine storageEngine,
			org.axonframework.config.Configuration axon) {
		return EmbeddedEventStore.builder()
			.storageEngine(storageEngine)
			.messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
			.spanFactory(axon.getComponent(EventBusSpanFactory.class));
	}

	/**
	 * Axon derives its message and event serializers from this one when they are not
	 * configured.
	 */
	@Bean
	@Primary
	Serializer serializer() {
		return LedgerStorage.serializer();
	}

}
