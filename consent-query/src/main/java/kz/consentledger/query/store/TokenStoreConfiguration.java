package kz.consentledger.query.store;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import kz.consentledger.service.store.LedgerStoreConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query service reads the event table through the shared
 * {@link LedgerStoreConfiguration} and keeps its processors' tokens in
 * {@code query.token_entry}.
 */
@Configuration(proxyBeanMethods = false)
class TokenStoreConfiguration {

	/**
	 * This query instance, as its claims in the token store and its heartbeat
	 * ({@link SegmentBalancer}) name it: process id and host, unique even for instances
	 * on one machine.
	 */
	static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

	/**
	 * Axon's default, made explicit: a claim not extended for this long may be taken by
	 * another instance ({@link SegmentBalancer} counts instances alive over a shorter
	 * window).
	 */
	static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

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
			.nodeId(NODE)
			.claimTimeout(CLAIM_TIMEOUT)
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

}
