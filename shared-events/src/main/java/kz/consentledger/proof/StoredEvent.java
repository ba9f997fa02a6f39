package kz.consentledger.proof;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row of the event store exactly as stored: what is hashed is what is stored, so a
 * crypto-shredded field hashes as its ciphertext and erasure never breaks a proof.
 *
 * @param timestamp the stored ISO-8601 text of Axon's {@code time_stamp} column (the
 * ledger time of the event)
 * @param payload the stored payload bytes (UTF-8 JSON)
 * @param metadata the stored metadata bytes, or {@code null}
 */
public record StoredEvent(long globalIndex, String eventId, String aggregateId, long aggregateSequence,
		String aggregateType, String payloadType, String payloadRevision, String timestamp, byte[] payload,
		byte[] metadata) {

	/**
	 * Envelope 1, of events chained before ADR 0024, left out Axon's aggregate type;
	 * envelope 2 hashes every stored column that carries meaning.
	 */
	public static final int ENVELOPE_WITHOUT_TYPE = 1;

	public static final int ENVELOPE = 2;

	/**
	 * The columns {@link #fromRow} reads, qualified by the alias {@code e} of
	 * {@code ledger.domain_event_entry}.
	 */
	public static final String COLUMNS = "e.global_index, e.event_identifier, e.aggregate_identifier, "
			+ "e.sequence_number, e.type, e.payload_type, e.payload_revision, e.time_stamp, e.payload, e.meta_data";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The event in the current row of a query that selected {@link #COLUMNS}. */
	public static StoredEvent fromRow(ResultSet row) throws SQLException {
		return new StoredEvent(row.getLong("global_index"), row.getString("event_identifier"),
				row.getString("aggregate_identifier"), row.getLong("sequence_number"), row.getString("type"),
				row.getString("payload_type"), row.getString("payload_revision"), row.getString("time_stamp"),
				row.getBytes("payload"), row.getBytes("meta_data"));
	}

	/**
	 * The event hash: SHA-256 of the RFC 8785 canonical form of the envelope (identity,
	 * stream position, type, ledger time and the SHA-256 of the payload and metadata
	 * bytes). The global index is not part of it: the ledger order is bound by the chain
	 * and the Merkle leaves instead.
	 */
	public byte[] eventHash() {
		return eventHash(ENVELOPE);
	}

	/** The event hash under envelope {@code version}. */
	public byte[] eventHash(int version) {
		return Hashes.sha256(canonicalEnvelope(version));
	}

	public byte[] canonicalEnvelope(int version) {
		if (version != ENVELOPE && version != ENVELOPE_WITHOUT_TYPE) {
			throw new IllegalArgumentException("unknown event envelope " + version);
		}
		ObjectNode envelope = JSON.createObjectNode();
		envelope.put("eventId", this.eventId);
		envelope.put("aggregateId", this.aggregateId);
		envelope.put("aggregateSequence", this.aggregateSequence);
		if (version == ENVELOPE) {
			envelope.put("aggregateType", this.aggregateType);
		}
		envelope.put("payloadType", this.payloadType);
		envelope.put("payloadRevision", this.payloadRevision);
		envelope.put("timestamp", this.timestamp);
		envelope.put("payloadSha256", Hashes.hex(Hashes.sha256(this.payload)));
		envelope.put("metadataSha256", (this.metadata != null) ? Hashes.hex(Hashes.sha256(this.metadata)) : null);
		return Hashes.canonical(envelope);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof StoredEvent that && this.globalIndex == that.globalIndex
				&& this.aggregateSequence == that.aggregateSequence && Objects.equals(this.eventId, that.eventId)
				&& Objects.equals(this.aggregateId, that.aggregateId)
				&& Objects.equals(this.aggregateType, that.aggregateType)
				&& Objects.equals(this.payloadType, that.payloadType)
				&& Objects.equals(this.payloadRevision, that.payloadRevision)
				&& Objects.equals(this.timestamp, that.timestamp) && Arrays.equals(this.payload, that.payload)
				&& Arrays.equals(this.metadata, that.metadata);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.globalIndex, this.eventId, this.aggregateSequence, Arrays.hashCode(this.payload));
	}

	@Override
	public String toString() {
		return "StoredEvent[" + this.globalIndex + " " + this.eventId + " of " + this.aggregateId + "#"
				+ this.aggregateSequence + "]";
	}

}
