package kz.consentledger.query.store;

import kz.consentledger.storage.LedgerStorage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import javax.sql.DataSource;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The query service reads the same event table the command service writes (layout shared
 * through {@link LedgerStorage}) and keeps its processors' tokens in
 * {@code query.token_entry}.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

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

	@Bean
	EventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions) {
		return LedgerStorage.eventStorageEngine(connections, transactions);
	}

	/**
	 * Without this bean Axon would keep tokens in memory and replay everything on each
	 * start.
	 */
	@Bean
	TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
		return JdbcTokenStore.builder()
			.connectionProvider(connections)
			.serializer(serializer)
			.schema(tokenSchema())
			.build();
	}

	private static TokenSchema tokenSchema() {
		return TokenSchema.builder()
			.setTokenTable("query.token_entry")
			.setProcessorNameColumn("processor_name")
			.setSegmentColumn("segment")
			.setTokenColumn("token")
			.setTokenTypeColumn("token_type")
			.setTimestampColumn("time_stamp")
			.setOwnerColumn("owner")
			.build();
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
