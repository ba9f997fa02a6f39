package kz.consentledger.command.ingest;

import java.util.Map;

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
	 * A batch that fails (the database is down, say) is delivered again from its first
	 * offsets without end: never skipped, never lost; the back-off caps at 30 s between
	 * deliveries. {@link KafkaIngestion} names the batch's first record as the failed
	 * one, so the container seeks every partition of the batch back and polls again after
	 * the back-off. The handler's other way, retrying the batch in memory, committed that
	 * batch's offsets when it finally succeeded even for partitions a rebalance had given
	 * another consumer meanwhile, moving their committed offsets back.
	 */
	@Bean
	CommonErrorHandler ingestionErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(30_000);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			throw new IllegalStateException("an ingestion batch is delivered again, never skipped", ex);
		}, backOff);
		// Every failure is retried: none of the handler's default "fatal" exceptions may
		// skip a record.
		handler.setClassifications(Map.of(), true);
		return handler;
	}

}
