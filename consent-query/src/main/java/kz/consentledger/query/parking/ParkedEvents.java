package kz.consentledger.query.parking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.storage.LedgerStorage;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The events the projections parked, by stream: what the admin API lists, retries and
 * evicts, what a subject's views count as missing, and the
 * {@code ledger.projections.parked} gauge (parked events, tagged by processor).
 */
@Component
public class ParkedEvents {

	private static final Logger LOG = LoggerFactory.getLogger(ParkedEvents.class);

	/** The processor whose parked events these are. */
	public static final String PROCESSOR = ProjectionDeadLetters.PROCESSOR;

	/** The processor a rebuild replays with; its parked events become the live ones. */
	public static final String REBUILD = ProjectionDeadLetters.REBUILD;

	private static final String SEQUENCES = """
			SELECT d.sequence_identifier, n.parked, d.event_identifier, d.payload_type, d.time_stamp,
			  d.cause_type, d.cause_message, d.enqueued_at, d.last_touched, e.global_index
			FROM (SELECT sequence_identifier, count(*) AS parked, min(sequence_index) AS first
			      FROM query.dead_letter_entry WHERE processing_group = ? GROUP BY sequence_identifier) n
			JOIN query.dead_letter_entry d ON d.processing_group = ? AND d.sequence_identifier = n.sequence_identifier
			  AND d.sequence_index = n.first
			LEFT JOIN ledger.domain_event_entry e ON e.event_identifier = d.event_identifier
			ORDER BY e.global_index NULLS LAST, d.sequence_identifier LIMIT ?""";

	private final JdbcTemplate jdbc;

	private final EventProcessingConfiguration processing;

	ParkedEvents(JdbcTemplate jdbc, EventProcessingConfiguration processing, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.processing = processing;
		Gauge.builder("ledger.projections.parked", this, ParkedEvents::total)
			.tag("processor", PROCESSOR)
			.description("events the projections parked: they and their streams' later events wait for a retry")
			.baseUnit("events")
			.register(meters);
	}

	/** Every parked event of the processor. */
	public long total() {
		return count("SELECT count(*) FROM query.dead_letter_entry WHERE processing_group = ?", PROCESSOR);
	}

	/**
	 * The parked events of one subject's stream: what its projected views are missing.
	 */
	public long ofSubject(String operator, String subject) {
		return ofSequence(LedgerStorage.subjectStream(operator, subject));
	}

	private long ofSequence(String sequence) {
		return count("SELECT count(*) FROM query.dead_letter_entry WHERE processing_group = ? "
				+ "AND sequence_identifier = ?", PROCESSOR, sequence);
	}

	/** The parked streams, the longest waiting first; at most {@code limit}. */
	public List<ParkedSequence> sequences(int limit) {
		return this.jdbc.query(SEQUENCES, (row, n) -> {
			String sequence = row.getString("sequence_identifier");
			long position = row.getLong("global_index");
			String type = row.getString("payload_type");
			return new ParkedSequence(sequence, LedgerStorage.operatorOf(sequence), LedgerStorage.subjectOf(sequence),
					row.getLong("parked"),
					new FirstEvent(row.getString("event_identifier"), type.substring(type.lastIndexOf('.') + 1),
							row.wasNull() ? null : position, instant(row.getString("time_stamp"))),
					new Cause(row.getString("cause_type"), row.getString("cause_message")),
					instant(row.getString("enqueued_at")), instant(row.getString("last_touched")));
		}, PROCESSOR, PROCESSOR, limit);
	}

	/**
	 * Handles the parked events of {@code sequence} again, in order, through the
	 * projections: those that now apply leave the queue; the first that fails again stays
	 * with the rest behind it, and its new cause is kept.
	 */
	public RetryOutcome retry(String sequence) {
		long before = ofSequence(sequence);
		String error = null;
		if (before > 0) {
			try {
				deadLetterProcessor().process((letter) -> letter instanceof JdbcDeadLetter<?> jdbcLetter
						&& sequence.equals(jdbcLetter.getSequenceIdentifier()));
			}
			catch (RuntimeException ex) {
				error = Failures.describe(ex);
				LOG.warn("Retry of the parked events of stream {} failed: {}", sequence, error);
			}
		}
		long after = ofSequence(sequence);
		if (before > 0) {
			LOG.info("Retried the parked events of stream {}: {} applied, {} still parked", sequence, before - after,
					after);
		}
		return new RetryOutcome(sequence, before, after, error);
	}

	/** {@link #retry} of every parked stream, each once. */
	public List<RetryOutcome> retryAll() {
		List<String> sequences = this.jdbc.queryForList("SELECT DISTINCT sequence_identifier FROM "
				+ "query.dead_letter_entry WHERE processing_group = ? ORDER BY 1", String.class, PROCESSOR);
		List<RetryOutcome> outcomes = new ArrayList<>();
		sequences.forEach((sequence) -> outcomes.add(retry(sequence)));
		return outcomes;
	}

	/**
	 * Gives up on the parked events of {@code sequence}: they leave the queue unapplied
	 * (they stay in the event store, which as-of queries and exports read; a rebuild
	 * replays them). Logged with who and why.
	 * @return how many events left the queue
	 */
	public int evict(String sequence, String actor, String reason) {
		int evicted = this.jdbc.update(
				"DELETE FROM query.dead_letter_entry WHERE processing_group = ? AND sequence_identifier = ?", PROCESSOR,
				sequence);
		LOG.warn("Evicted {} parked events of stream {} from {} unapplied, by {}: {}", evicted, sequence, PROCESSOR,
				actor, reason);
		return evicted;
	}

	private SequencedDeadLetterProcessor<EventMessage<?>> deadLetterProcessor() {
		return this.processing.sequencedDeadLetterProcessor(PROCESSOR)
			.orElseThrow(() -> new IllegalStateException(PROCESSOR + " has no dead-letter queue"));
	}

	private long count(String sql, Object... args) {
		Long count = this.jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

	private static Instant instant(String text) {
		return (text != null) ? Instant.parse(text) : null;
	}

	/**
	 * One parked stream: {@code subject} is null for an operator's policy stream;
	 * {@code parkedEvents} counts the first event, which failed, and every later one
	 * waiting behind it.
	 */
	public record ParkedSequence(String sequence, String operator, String subject, long parkedEvents,
			FirstEvent firstEvent, Cause cause, Instant parkedAt, Instant lastTriedAt) {
	}

	/** The event that failed: its id, type, position in the store and time. */
	public record FirstEvent(String eventId, String type, Long globalPosition, Instant timestamp) {
	}

	/** Why it failed: the exception's class and its message, on one line. */
	public record Cause(String type, String message) {
	}

	/** What a retry did; {@code error} is set when the retry itself failed. */
	public record RetryOutcome(String sequence, long parkedBefore, long parkedAfter, String error) {
	}

}
