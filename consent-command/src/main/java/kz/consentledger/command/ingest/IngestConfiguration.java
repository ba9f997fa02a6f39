package kz.consentledger.command.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import kz.consentledger.command.LedgerProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wiring of the ingestion path. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	/**
	 * Jackson 2 here because the CloudEvents SDK and the JSON Schema validator are built
	 * on it.
	 */
	private final ObjectMapper json = ContractLimits.strictJson();

	@Bean
	CloudEventReaders cloudEventReaders(LedgerProperties properties) {
		return new CloudEventReaders(this.json, properties.ingest().maxEventBytes());
	}

	@Bean
	CloudEventValidator cloudEventValidator() {
		return new CloudEventValidator(this.json);
	}

	@Bean
	CommandMapper commandMapper(PersonalDataSealer sealer) {
		return new CommandMapper(sealer);
	}

	@Bean
	NewTopic inputTopic(LedgerProperties properties) {
		return TopicBuilder.name(properties.kafka().topic()).partitions(properties.kafka().partitions()).build();
	}

	@Bean
	NewTopic deadLetterTopic(LedgerProperties properties) {
		return TopicBuilder.name(properties.kafka().deadLetterTopic()).partitions(1).build();
	}

	/**
	 * A batch that fails (the database is down, say) is retried from its first offset
	 * without end: never skipped, never lost; the back-off caps at 30 s between attempts.
	 */
	@Bean
	CommonErrorHandler ingestionErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(30_000);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		return new DefaultErrorHandler(backOff);
	}

}
