package kz.consentledger.command.store;

import kz.consentledger.storage.LedgerStorage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon's JDBC storage engine (auto-configured when no JPA is present) with the shared
 * table layout and the shared Jackson 3 serializer for events, messages and everything
 * else.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

	@Bean
	EventSchema eventSchema() {
		return LedgerStorage.eventSchema();
	}

	@Bean
	@Primary
	Serializer serializer() {
		return LedgerStorage.serializer();
	}

	@Bean
	@Qualifier("eventSerializer")
	Serializer eventSerializer() {
		return LedgerStorage.serializer();
	}

	@Bean
	@Qualifier("messageSerializer")
	Serializer messageSerializer() {
		return LedgerStorage.serializer();
	}

}
