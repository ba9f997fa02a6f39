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
 * {@code ledger.ingested_event}: every key the ledger appended, with its content's
 * {@link ContentDigest} and which kind of digest that is. Written in the same transaction
 * as the events, so after a crash an event is either in both or in neither, and its
 * redelivery is recognised.
 */
@Component
class IngestionLog {

	private static final String FIND = """
			SELECT source, event_id, content_sha256, content_digest_kind FROM ledger.ingested_event
			WHERE (source, event_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))""";

	private static final String INSERT = """
			INSERT INTO ledger.ingested_event
			(source, event_id, type, operator, subject, content_sha256, content_digest_kind, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	IngestionLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The content digests already recorded for these keys. */
	Map<IdempotencyKey, ContentDigest.Stored> digestsOf(List<IdempotencyKey> keys) {
		Map<IdempotencyKey, ContentDigest.Stored> digests = new HashMap<>();
		if (keys.isEmpty()) {
			return digests;
		}
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(FIND);
			statement.setArray(1,
					connection.createArrayOf("text", keys.stream().map(IdempotencyKey::source).toArray()));
			statement.setArray(2, connection.createArrayOf("text", keys.stream().map(IdempotencyKey::id).toArray()));
			return statement;
		}, (row) -> {
			digests.put(new IdempotencyKey(row.getString(1), row.getString(2)),
					new ContentDigest.Stored(ContentDigest.Kind.of(row.getString(4)), row.getString(3)));
		});
		return digests;
	}

	void record(List<Entry> entries, Instant receivedAt) {
		Timestamp received = Timestamp.from(receivedAt);
		this.jdbc.batchUpdate(INSERT, entries, entries.size(), (statement, entry) -> {
			statement.setString(1, entry.request().key().source());
			statement.setString(2, entry.request().key().id());
			statement.setString(3, entry.request().type());
			statement.setString(4, LedgerStorage.operatorOf(entry.stream()));
			statement.setString(5, LedgerStorage.subjectOf(entry.stream()));
			statement.setString(6, entry.digest().hex());
			statement.setString(7, entry.digest().kind().column());
			statement.setTimestamp(8, received);
		});
	}

	/**
	 * An appended request with the stream its command went to, whose operator and subject
	 * the log records, and the digest of its content.
	 */
	record Entry(AppendRequest request, String stream, ContentDigest.Stored digest) {
	}

}
