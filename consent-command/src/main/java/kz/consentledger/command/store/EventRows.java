package kz.consentledger.command.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import kz.consentledger.command.domain.Decisions.NewEvent;
import kz.consentledger.proof.StoredEvent;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a batch's decided events into the event table in one statement, in Axon's stored
 * form (the serializer, the time format and the columns Axon's own engine writes), so
 * Axon's processors on the query side, the as-of reads, the export and the verifier read
 * them as before. It returns the rows exactly as stored, to be chained without reading
 * them back. The ledger time of every event of the batch is its receipt.
 */
@Component
public class EventRows {

	private static final String INSERT = """
			INSERT INTO ledger.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
			  time_stamp, payload_type, payload_revision, payload, meta_data)
			SELECT e.id, e.stream, e.sequence, e.type, ?, e.payload_type, e.revision, e.payload, e.meta_data
			FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[],
			  ?::bytea[]) WITH ORDINALITY AS e (id, stream, sequence, type, payload_type, revision, payload, meta_data, n)
			ORDER BY e.n
			RETURNING global_index, event_identifier""";

	private final JdbcTemplate jdbc;

	private final Serializer serializer;

	/** Most events carry nothing beside them: their metadata is serialized once. */
	private final byte[] noMetadata;

	EventRows(JdbcTemplate jdbc, Serializer serializer) {
		this.jdbc = jdbc;
		this.serializer = serializer;
		this.noMetadata = metadata(Map.of());
	}

	/**
	 * Inserts the events in their order (the global indexes follow it) and returns them
	 * as stored, in that order; call in the transaction that has claimed the append.
	 */
	public List<StoredEvent> insert(List<NewEvent> events, Instant at) {
		if (events.isEmpty()) {
			return List.of();
		}
		String timestamp = DateTimeUtils.formatInstant(at);
		int n = events.size();
		String[] ids = new String[n];
		String[] streams = new String[n];
		Long[] sequences = new Long[n];
		String[] types = new String[n];
		String[] payloadTypes = new String[n];
		String[] revisions = new String[n];
		byte[][] payloads = new byte[n][];
		byte[][] metadata = new byte[n][];
		for (int i = 0; i < n; i++) {
			NewEvent event = events.get(i);
			SerializedObject<byte[]> payload = this.serializer.serialize(event.payload(), byte[].class);
			ids[i] = UUID.randomUUID().toString();
			streams[i] = event.stream();
			sequences[i] = event.sequence();
			types[i] = event.streamType();
			payloadTypes[i] = payload.getType().getName();
			revisions[i] = payload.getType().getRevision();
			payloads[i] = payload.getData();
			metadata[i] = event.metadata().isEmpty() ? this.noMetadata : metadata(event.metadata());
		}
		Map<String, Long> indexes = new HashMap<>();
		this.jdbc.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement(INSERT);
			statement.setString(1, timestamp);
			statement.setArray(2, connection.createArrayOf("varchar", ids));
			statement.setArray(3, connection.createArrayOf("varchar", streams));
			statement.setArray(4, connection.createArrayOf("bigint", sequences));
			statement.setArray(5, connection.createArrayOf("varchar", types));
			statement.setArray(6, connection.createArrayOf("varchar", payloadTypes));
			statement.setArray(7, connection.createArrayOf("varchar", revisions));
			statement.setArray(8, connection.createArrayOf("bytea", payloads));
			statement.setArray(9, connection.createArrayOf("bytea", metadata));
			return statement;
		}, (row) -> {
			indexes.put(row.getString(2), row.getLong(1));
		});
		List<StoredEvent> stored = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			// The chain follows this list: it must be the global order, which PostgreSQL
			// gives the rows in the order selected, a behaviour it does not promise.
			if (i > 0 && indexes.get(ids[i]) <= indexes.get(ids[i - 1])) {
				throw new IllegalStateException("global indexes out of the order inserted: " + indexes);
			}
			stored.add(new StoredEvent(indexes.get(ids[i]), ids[i], streams[i], sequences[i], types[i], payloadTypes[i],
					revisions[i], timestamp, payloads[i], metadata[i]));
		}
		return stored;
	}

	private byte[] metadata(Map<String, String> beside) {
		return this.serializer.serialize(MetaData.from(beside), byte[].class).getData();
	}

}
