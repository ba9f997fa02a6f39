package kz.consentledger.query.store;

import java.time.Instant;
import java.util.List;

import kz.consentledger.proof.StoredEvent;
import kz.consentledger.replay.PositionedEvent;
import kz.consentledger.replay.StoredPayloads;
import kz.consentledger.storage.LedgerStorage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads events straight from the event store with their chain links: what as-of queries
 * replay and exports prove. Projections are not involved, so the answer does not depend
 * on a projection being up to date.
 */
@Component
public class LedgerEvents {

	private static final String SELECT = "SELECT " + StoredEvent.COLUMNS
			+ ", c.position, c.event_hash, c.stream_hash, c.ledger_hash, c.envelope FROM ledger.domain_event_entry e"
			+ " LEFT JOIN ledger.event_chain c ON c.global_index = e.global_index ";

	private final JdbcTemplate jdbc;

	LedgerEvents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Every event of one stream ({@code operator} or {@code operator:subject}), in order.
	 */
	public List<ChainedEvent> stream(String aggregateId) {
		return this.jdbc.query(SELECT + "WHERE e.aggregate_identifier = ? ORDER BY e.sequence_number",
				(row, n) -> ChainedEvent.fromRow(row), aggregateId);
	}

	/**
	 * A subject's events as the consent fold takes them, at their global index (the
	 * projections' tracking position).
	 */
	public List<PositionedEvent> subjectEvents(String operator, String subject) {
		return stream(LedgerStorage.subjectStream(operator, subject)).stream()
			.map((event) -> new PositionedEvent(event.stored().globalIndex(),
					StoredPayloads.readSubjectEvent(event.stored())))
			.toList();
	}

	/**
	 * The events of one operator (its policy stream and every subject's) appended in
	 * {@code [from, to)}, in ledger order; at most {@code limit}.
	 */
	public List<ChainedEvent> operatorRange(String operator, Instant from, Instant to, int limit) {
		return this.jdbc.query(
				SELECT + "WHERE (e.aggregate_identifier = ? OR e.aggregate_identifier LIKE ?) "
						+ "AND e.time_stamp::timestamptz >= ? AND e.time_stamp::timestamptz < ? "
						+ "ORDER BY c.position NULLS LAST, e.global_index LIMIT ?",
				(row, n) -> ChainedEvent.fromRow(row), operator, operator + ":%", Sql.timestamp(from),
				Sql.timestamp(to), limit);
	}

	/**
	 * A stored event and its chain entry ({@code position}, hashes and envelope are null
	 * only if the event was never chained, which verification reports as an insertion).
	 *
	 * @param envelope the {@link StoredEvent#eventHash(int) envelope} its event hash was
	 * computed under
	 */
	public record ChainedEvent(StoredEvent stored, Long position, byte[] eventHash, byte[] streamHash,
			byte[] ledgerHash, Integer envelope) {

		static ChainedEvent fromRow(java.sql.ResultSet row) throws java.sql.SQLException {
			long position = row.getLong("position");
			Long chained = row.wasNull() ? null : position;
			int envelope = row.getInt("envelope");
			return new ChainedEvent(StoredEvent.fromRow(row), chained, row.getBytes("event_hash"),
					row.getBytes("stream_hash"), row.getBytes("ledger_hash"), row.wasNull() ? null : envelope);
		}

	}

}
