package kz.consentledger.proof;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hash chain of the access audit. A record's entry hash is SHA-256 of 0x04 and the
 * RFC 8785 canonical JSON of its stored columns; the chain hash links it to the previous
 * record's chain hash with 0x05, from {@link Hashes#GENESIS}. The prefixes keep the
 * audit's hashes apart from the ledger's (0x00 to 0x03, {@link Chain},
 * {@link MerkleTree}).
 */
public final class AuditChain {

	private static final byte[] ENTRY = { 0x04 };

	private static final byte[] LINK = { 0x05 };

	/**
	 * The text of {@code accessed_at} in the entry: UTC, always six fraction digits (what
	 * PostgreSQL keeps), whatever the session's time zone;
	 * {@code to_char(accessed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')}.
	 */
	private static final DateTimeFormatter ACCESSED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AuditChain() {
	}

	/**
	 * One access record as stored in {@code query.access_audit}, without its surrogate id
	 * and its hashes. {@code accessedAt} is kept to the microsecond, as the column keeps
	 * it.
	 */
	public record Entry(long sequence, Instant accessedAt, String actor, String remoteAddr, String action,
			String operator, String subject, String reason, String request, String outcome) {

		/** The columns {@link #fromRow} reads. */
		public static final String COLUMNS = "sequence, accessed_at, actor, remote_addr, action, operator, subject, "
				+ "reason, request, outcome";

		public Entry {
			accessedAt = accessedAt.truncatedTo(ChronoUnit.MICROS);
		}

		/** The record in the current row of a query that selected {@link #COLUMNS}. */
		public static Entry fromRow(ResultSet row) throws SQLException {
			return new Entry(row.getLong("sequence"), row.getObject("accessed_at", OffsetDateTime.class).toInstant(),
					row.getString("actor"), row.getString("remote_addr"), row.getString("action"),
					row.getString("operator"), row.getString("subject"), row.getString("reason"),
					row.getString("request"), row.getString("outcome"));
		}

		/** This record's canonical JSON, as hashed. */
		public byte[] canonical() {
			ObjectNode entry = JSON.createObjectNode();
			entry.put("sequence", this.sequence);
			entry.put("accessed_at", ACCESSED_AT.format(this.accessedAt));
			entry.put("actor", this.actor);
			entry.put("remote_addr", this.remoteAddr);
			entry.put("action", this.action);
			entry.put("operator", this.operator);
			entry.put("subject", this.subject);
			entry.put("reason", this.reason);
			entry.put("request", this.request);
			entry.put("outcome", this.outcome);
			return Hashes.canonical(entry);
		}

		public byte[] hash() {
			return Hashes.sha256(ENTRY, canonical());
		}

		/** The chain hash of this record after {@code previous}'s. */
		public AuditHead after(AuditHead previous) {
			if (previous.count() != this.sequence) {
				throw new IllegalArgumentException(
						"record #" + this.sequence + " cannot follow a chain of " + previous.count() + " records");
			}
			return new AuditHead(this.sequence + 1, link(previous.hash(), hash()));
		}

	}

	/**
	 * The chain hash of a record: the previous record's chain hash and its entry hash.
	 */
	public static byte[] link(byte[] previousChainHash, byte[] entryHash) {
		return Hashes.sha256(LINK, previousChainHash, entryHash);
	}

}
