package kz.consentledger.command.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.command.LedgerProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a rejected record, unchanged (key, value, headers, timestamp), to the dead-letter
 * topic with the reason in {@code ledger-error-*} headers. Waits for the broker's
 * acknowledgement, so the record's offset is committed only once it is safe in the
 * dead-letter topic.
 */
@Component
class DeadLetterPublisher {

	static final String KIND = "ledger-error-kind";

	static final String REASON = "ledger-error-reason";

	static final String FIELDS = "ledger-error-fields";

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterPublisher.class);

	private final KafkaTemplate<byte[], byte[]> kafka;

	private final String topic;

	private final MeterRegistry meters;

	DeadLetterPublisher(KafkaTemplate<byte[], byte[]> kafka, LedgerProperties properties, MeterRegistry meters) {
		this.kafka = kafka;
		this.topic = properties.kafka().deadLetterTopic();
		this.meters = meters;
	}

	void publish(ConsumerRecord<byte[], byte[]> record, String kind, List<Violation> violations) {
		Headers headers = new RecordHeaders(record.headers().toArray());
		String reason = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
		add(headers, KIND, kind);
		add(headers, REASON, reason);
		add(headers, FIELDS, violations.stream().map(Violation::field).distinct().collect(Collectors.joining(",")));
		add(headers, "ledger-original-topic", record.topic());
		add(headers, "ledger-original-partition", Integer.toString(record.partition()));
		add(headers, "ledger-original-offset", Long.toString(record.offset()));
		try {
			this.kafka
				.send(new ProducerRecord<>(this.topic, null, record.timestamp(), record.key(), record.value(), headers))
				.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while dead-lettering " + where(record), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not dead-letter " + where(record), ex);
		}
		this.meters.counter("ledger.ingest.dead.lettered", "kind", kind).increment();
		logger.warn("Dead-lettered {} ({}): {}", where(record), kind, reason);
	}

	private static void add(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String where(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
