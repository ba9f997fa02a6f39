package kz.consentledger.command.append;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.storage.LedgerStorage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.ingested_event}: every key the ledger appended, with its content hash.
 * Written in the same transaction as the events, so after a crash an event is either in
 * both or in neither, and its redelivery is recognised.
 */
@Component
class IngestionLog {

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

	void record(List<Entry> entries, Instant receivedAt) {
		Timestamp received = Timestamp.from(receivedAt);
		this.jdbc.batchUpdate(INSERT, entries, entries.size(), (statement, entry) -> {
			statement.setString(1, entry.request().key().source());
			statement.setString(2, entry.request().key().id());
			statement.setString(3, entry.request().type());
			statement.setString(4, LedgerStorage.operatorOf(entry.stream()));
			statement.setString(5, LedgerStorage.subjectOf(entry.stream()));
			statement.setString(6, entry.request().contentSha256());
			statement.setTimestamp(7, received);
		});
	}

	/**
	 * An appended request with the stream its command went to, whose operator and subject
	 * the log records.
	 */
	record Entry(AppendRequest request, String stream) {
	}

}
