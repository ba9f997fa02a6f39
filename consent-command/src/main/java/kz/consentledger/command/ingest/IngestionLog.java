package kz.consentledger.command.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.command.ingest.IncomingEvent.IdempotencyKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.ingested_event}: every {@code (source, id)} the ledger appended, with its
 * content hash. Written in the same transaction as the events, so after a crash an event
 * is either in both or in neither, and its redelivery is recognised.
 */
@Component
public class IngestionLog {

	private static final String FIND = """
			SELECT source, event_id, content_sha256 FROM ledger.ingested_event
			WHERE (source, event_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))""";

	private static final String INSERT = """
			INSERT INTO ledger.ingested_event (source, event_id, type, operator, subject, content_sha256, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	IngestionLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The content hashes already recorded for these keys. */
	Map<IdempotencyKey, String> hashesOf(List<IdempotencyKey> keys) {
		Map<IdempotencyKey, String> hashes = new HashMap<>();
		if (keys.isEmpty()) {
			return hashes;
		}
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(FIND);
			statement.setArray(1,
					connection.createArrayOf("text", keys.stream().map(IdempotencyKey::source).toArray()));
			statement.setArray(2, connection.createArrayOf("text", keys.stream().map(IdempotencyKey::id).toArray()));
			return statement;
		}, (row) -> {
			hashes.put(new IdempotencyKey(row.getString(1), row.getString(2)), row.getString(3));
		});
		return hashes;
	}

	void record(List<IncomingEvent> events, Instant receivedAt) {
		Timestamp received = Timestamp.from(receivedAt);
		this.jdbc.batchUpdate(INSERT, events, events.size(), (statement, event) -> {
			statement.setString(1, event.source());
			statement.setString(2, event.id());
			statement.setString(3, event.type().ceType());
			statement.setString(4, event.operator());
			statement.setString(5, event.subject());
			statement.setString(6, event.contentSha256());
			statement.setTimestamp(7, received);
		});
	}

}
