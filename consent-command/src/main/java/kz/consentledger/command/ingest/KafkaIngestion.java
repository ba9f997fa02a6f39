package kz.consentledger.command.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.command.append.LedgerAppender;
import kz.consentledger.service.store.DatabaseOutage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code consent.events.v1} and the operators' own topics ({@link IngestTopics})
 * in batches. The container commits the batch's offsets only after this method returns,
 * that is after the valid events are durably appended and the rejected records are
 * acknowledged by the dead-letter topic: a crash anywhere redelivers the batch, and the
 * idempotency log makes the redelivery harmless.
 */
@Component
class KafkaIngestion {

	private static final Logger logger = LoggerFactory.getLogger(KafkaIngestion.class);

	private static final int BATCH_ATTEMPTS = 3;

	private static final int SINGLE_ATTEMPTS = 2;

	private final CloudEventReaders readers;

	private final CloudEventValidator validator;

	private final IngestionAppender appender;

	private final DeadLetterPublisher deadLetters;

	private final MeterRegistry meters;

	private final IngestTopics topics;

	private final IngestionProgress progress;

	KafkaIngestion(CloudEventReaders readers, CloudEventValidator validator, IngestionAppender appender,
			DeadLetterPublisher deadLetters, MeterRegistry meters, IngestTopics topics, IngestionProgress progress) {
		this.topics = topics;
		this.progress = progress;
		this.readers = readers;
		this.validator = validator;
		this.appender = appender;
		this.deadLetters = deadLetters;
		this.meters = meters;
	}

	@KafkaListener(id = "consent-ingestion", idIsGroup = false, groupId = "#{@ingestTopics.group()}",
			topicPattern = "#{@ingestTopics.pattern()}", batch = "true")
	void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
		try {
			ingest(records);
		}
		catch (RuntimeException ex) {
			this.progress.failed(ex);
			// Named as the first record's failure: the container seeks the batch's
			// partitions back and delivers it again after the back-off
			// (IngestConfiguration).
			throw new BatchListenerFailedException("the batch is delivered again after a back-off", ex, 0);
		}
	}

	private void ingest(List<ConsumerRecord<byte[], byte[]>> records) {
		List<ConsumerRecord<byte[], byte[]>> validRecords = new ArrayList<>();
		List<IncomingEvent> events = new ArrayList<>();
		List<DeadLetterPublisher.Rejection> rejections = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			try {
				IncomingEvent event = this.validator.validate(this.readers.fromKafka(record));
				Optional<String> refusal = this.topics.refusal(record.topic(), event.operator());
				if (refusal.isPresent()) {
					rejections.add(new DeadLetterPublisher.Rejection(record, "forbidden",
							List.of(new Violation("data.operator", refusal.get()))));
					this.meters.counter("ledger.ingest.events", "channel", "kafka", "outcome", "forbidden").increment();
					continue;
				}
				events.add(event);
				validRecords.add(record);
			}
			catch (MalformedEventException ex) {
				rejections.add(new DeadLetterPublisher.Rejection(record, ex.kind(), ex.violations()));
			}
			catch (RuntimeException ex) {
				// A defect of the ledger's own decoding, not of the record: said loudly,
				// and
				// the record is set aside like a malformed one so the partition goes on.
				logger.error("Could not read {}-{}@{}", record.topic(), record.partition(), record.offset(), ex);
				rejections.add(new DeadLetterPublisher.Rejection(record, MalformedEventException.MALFORMED,
						List.of(new Violation("envelope", "the ledger could not read it: " + ex.getMessage()))));
			}
		}
		List<Outcome> outcomes = appendBatch(validRecords, events, rejections);
		for (int i = 0; i < outcomes.size(); i++) {
			Outcome outcome = outcomes.get(i);
			if (outcome.status() == Outcome.Status.CONFLICT) {
				rejections.add(new DeadLetterPublisher.Rejection(validRecords.get(i), "conflict", List
					.of(new Violation("source", "see id"), new Violation("id",
							"(source, id) was already used for an event with different content: a conflicting reuse"))));
			}
			this.meters
				.counter("ledger.ingest.events", "channel", "kafka", "outcome", outcome.status().name().toLowerCase())
				.increment();
		}
		// Only once the batch is appended: a batch retried after an outage dead-letters
		// nothing twice.
		this.deadLetters.publish(rejections);
		this.progress.advanced();
	}

	/**
	 * Appends the batch in one transaction; a batch that keeps failing for a reason other
	 * than an unavailable database is split, so one unprocessable event cannot stall the
	 * partition.
	 */
	private List<Outcome> appendBatch(List<ConsumerRecord<byte[], byte[]>> records, List<IncomingEvent> events,
			List<DeadLetterPublisher.Rejection> rejections) {
		if (events.isEmpty()) {
			return List.of();
		}
		RuntimeException failure = null;
		for (int attempt = 1; attempt <= BATCH_ATTEMPTS; attempt++) {
			try {
				return this.appender.append(events, false);
			}
			catch (RuntimeException ex) {
				this.progress.failed(ex);
				rethrowIfInfrastructure(ex);
				failure = ex;
				logger.warn("Appending a batch of {} events failed (attempt {}): {}", events.size(), attempt,
						ex.toString());
			}
		}
		logger.warn("Appending the batch one event at a time after: {}", failure.toString());
		List<Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			try {
				outcomes.addAll(appendAlone(events.get(i)));
			}
			catch (RuntimeException ex) {
				rethrowIfInfrastructure(ex);
				logger.error("Dead-lettering {}-{}@{}: the ledger could not append it", records.get(i).topic(),
						records.get(i).partition(), records.get(i).offset(), ex);
				rejections.add(new DeadLetterPublisher.Rejection(records.get(i), "unprocessable",
						List.of(new Violation("event", "the ledger could not append it: " + ex.getMessage()))));
				outcomes.add(new Outcome(events.get(i), Outcome.Status.UNPROCESSABLE));
			}
		}
		return outcomes;
	}

	/** One event, tried {@link #SINGLE_ATTEMPTS} times before it is given up. */
	private List<Outcome> appendAlone(IncomingEvent event) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.appender.append(List.of(event), false);
			}
			catch (RuntimeException ex) {
				rethrowIfInfrastructure(ex);
				if (attempt == SINGLE_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * The container retries the whole batch later: nothing is dead-lettered for an
	 * outage, for a database that refuses every write ({@link DatabaseOutage}), nor for
	 * races with other writers that outlasted the appender's own retries.
	 */
	private static void rethrowIfInfrastructure(RuntimeException ex) {
		if (DatabaseOutage.causes(ex) || LedgerAppender.lostARace(ex)) {
			throw ex;
		}
	}

}
