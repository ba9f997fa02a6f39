package kz.consentledger.proof;

import java.sql.ResultSet;
import java.sql.SQLException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sealed range of the ledger order: positions {@code firstPosition..lastPosition}
 * (inclusive), the RFC 6962 root over their leaves, the ledger hash at the last position
 * (which commits to every earlier event through the ledger chain) and the hash of the
 * previous checkpoint's statement (which chains the checkpoints). The ledger signs
 * {@link #statement()} with Ed25519.
 *
 * @param sealedAt ISO-8601 instant of sealing
 * @param previousStatementHash hex SHA-256 of the previous checkpoint's statement, or 64
 * zeros for the first
 */
public record Checkpoint(long number, long firstPosition, long lastPosition, String merkleRoot, String ledgerHash,
		String previousStatementHash, String sealedAt, String keyId) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The checkpoint in the current row of a query on {@code ledger.checkpoint}. */
	public static Checkpoint fromRow(ResultSet row) throws SQLException {
		return new Checkpoint(row.getLong("number"), row.getLong("first_position"), row.getLong("last_position"),
				row.getString("merkle_root"), row.getString("ledger_hash"), row.getString("previous_statement_hash"),
				row.getString("sealed_at"), row.getString("key_id"));
	}

	/** The checkpoint as a member of an export bundle, with its base64 signature. */
	public ObjectNode toJson(String signature) {
		ObjectNode node = JSON.createObjectNode();
		node.put("number", this.number);
		node.put("firstPosition", this.firstPosition);
		node.put("lastPosition", this.lastPosition);
		node.put("merkleRoot", this.merkleRoot);
		node.put("ledgerHash", this.ledgerHash);
		node.put("previousStatementHash", this.previousStatementHash);
		node.put("sealedAt", this.sealedAt);
		node.put("keyId", this.keyId);
		node.put("signature", signature);
		return node;
	}

	/** The checkpoint of a bundle member written by {@link #toJson}. */
	public static Checkpoint fromJson(JsonNode node) {
		return new Checkpoint(node.path("number").asLong(), node.path("firstPosition").asLong(),
				node.path("lastPosition").asLong(), node.path("merkleRoot").asString(""),
				node.path("ledgerHash").asString(""), node.path("previousStatementHash").asString(""),
				node.path("sealedAt").asString(""), node.path("keyId").asString(""));
	}

	public long size() {
		return this.lastPosition - this.firstPosition + 1;
	}

	/** The signed bytes: the RFC 8785 canonical JSON of every component. */
	public byte[] statement() {
		ObjectNode statement = JSON.createObjectNode();
		statement.put("checkpoint", this.number);
		statement.put("firstPosition", this.firstPosition);
		statement.put("lastPosition", this.lastPosition);
		statement.put("merkleRoot", this.merkleRoot);
		statement.put("ledgerHash", this.ledgerHash);
		statement.put("previousStatementHash", this.previousStatementHash);
		statement.put("sealedAt", this.sealedAt);
		statement.put("keyId", this.keyId);
		return Hashes.canonical(statement);
	}

	public String statementHash() {
		return Hashes.hex(Hashes.sha256(statement()));
	}

	public boolean covers(long position) {
		return position >= this.firstPosition && position <= this.lastPosition;
	}

}
