package kz.consentledger.command.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.Hashes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
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
 * dead-letter topic. A record refused for its size is copied without its value.
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

	/**
	 * Sends every rejection, then waits for all acknowledgements: the batch's offsets are
	 * committed only after this returns.
	 */
	void publish(List<Rejection> rejections) {
		List<CompletableFuture<?>> sent = new ArrayList<>(rejections.size());
		for (Rejection rejection : rejections) {
			sent.add(send(toDeadLetter(rejection)));
		}
		for (int i = 0; i < rejections.size(); i++) {
			Rejection rejection = rejections.get(i);
			try {
				acknowledged(sent.get(i), rejection);
			}
			catch (ExecutionException ex) {
				if (!refusedForGood(ex)) {
					throw new IllegalStateException("could not dead-letter " + where(rejection.record()), ex);
				}
				// The broker will never take this copy (too large with its headers, say):
				// a bare one, its reason and where the original is, so the partition goes
				// on.
				logger.warn("The broker refused the copy of {} ({}); dead-lettering it without value and headers",
						where(rejection.record()), ex.getCause().toString());
				try {
					acknowledged(send(bare(rejection)), rejection);
				}
				catch (ExecutionException bareFailed) {
					throw new IllegalStateException("could not dead-letter " + where(rejection.record()), bareFailed);
				}
			}
			this.meters.counter("ledger.ingest.dead.lettered", "kind", rejection.kind()).increment();
			logger.warn("Dead-lettered {} ({}): {}", where(rejection.record()), rejection.kind(),
					MalformedEventException.summary(rejection.violations()));
		}
	}

	/** A send that fails at once fails like one that fails later. */
	private CompletableFuture<?> send(ProducerRecord<byte[], byte[]> record) {
		try {
			return this.kafka.send(record);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/** A send the producer will never retry into success: not an outage. */
	private static boolean refusedForGood(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ApiException && !(cause instanceof RetriableException)) {
				return true;
			}
		}
		return false;
	}

	private static void acknowledged(CompletableFuture<?> send, Rejection rejection) throws ExecutionException {
		try {
			send.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while dead-lettering " + where(rejection.record()), ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("could not dead-letter " + where(rejection.record()), ex);
		}
	}

	private ProducerRecord<byte[], byte[]> bare(Rejection rejection) {
		Headers headers = new RecordHeaders();
		describe(headers, rejection);
		byte[] value = rejection.record().value();
		if (value != null) {
			add(headers, "ledger-original-size", Integer.toString(value.length));
			add(headers, "ledger-original-sha256", Hashes.hex(Hashes.sha256(value)));
		}
		return new ProducerRecord<>(this.topic, null, rejection.record().timestamp(), null, null, headers);
	}

	private static void describe(Headers headers, Rejection rejection) {
		ConsumerRecord<byte[], byte[]> record = rejection.record();
		add(headers, KIND, rejection.kind());
		add(headers, REASON, MalformedEventException.summary(rejection.violations()));
		add(headers, FIELDS,
				rejection.violations().stream().map(Violation::field).distinct().collect(Collectors.joining(",")));
		add(headers, "ledger-original-topic", record.topic());
		add(headers, "ledger-original-partition", Integer.toString(record.partition()));
		add(headers, "ledger-original-offset", Long.toString(record.offset()));
	}

	private ProducerRecord<byte[], byte[]> toDeadLetter(Rejection rejection) {
		ConsumerRecord<byte[], byte[]> record = rejection.record();
		Headers headers = new RecordHeaders(record.headers().toArray());
		describe(headers, rejection);
		byte[] value = record.value();
		if (MalformedEventException.TOO_LARGE.equals(rejection.kind())) {
			// The copy could exceed what the broker takes, and a refused send would stop
			// the partition: its size and digest name it; the original stays in its
			// topic.
			add(headers, "ledger-original-size", Integer.toString(value.length));
			add(headers, "ledger-original-sha256", Hashes.hex(Hashes.sha256(value)));
			value = null;
		}
		return new ProducerRecord<>(this.topic, null, record.timestamp(), record.key(), value, headers);
	}

	/** A record set aside: why ({@link #KIND}) and what is wrong with it. */
	record Rejection(ConsumerRecord<byte[], byte[]> record, String kind, List<Violation> violations) {
	}

	private static void add(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String where(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
