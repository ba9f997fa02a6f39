package kz.consentledger.command.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import kz.consentledger.command.domain.PolicyReferences;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.unresolved_policy_reference}: written in the append transaction (the
 * template takes the transaction's connection), read and cleared by
 * {@code PolicyReferenceResolver}.
 */
@Component
public class UnresolvedPolicyReferences implements PolicyReferences {

	private final JdbcTemplate jdbc;

	UnresolvedPolicyReferences(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A note already there is renewed, so a pass that read the older one does not clear
	 * it: the next pass judges the subject again.
	 */
	@Override
	public void unresolved(String operator, String version, String aggregateId) {
		this.jdbc.update("INSERT INTO ledger.unresolved_policy_reference (operator, version, aggregate_id) "
				+ "VALUES (?, ?, ?) ON CONFLICT (operator, version, aggregate_id) DO UPDATE SET noted_at = clock_timestamp()",
				operator, version, aggregateId);
	}

	/** The (operator, version) pairs some subject waits for. */
	public List<Reference> versions() {
		return this.jdbc.query("SELECT DISTINCT operator, version FROM ledger.unresolved_policy_reference",
				(row, n) -> new Reference(row.getString(1), row.getString(2), null, null));
	}

	/** The subjects waiting for a version. */
	public List<Reference> waitingFor(String operator, String version) {
		return this.jdbc.query(
				"SELECT aggregate_id, noted_at FROM ledger.unresolved_policy_reference WHERE operator = ? AND version = ?",
				(row, n) -> new Reference(operator, version, row.getString(1), row.getTimestamp(2).toInstant()),
				operator, version);
	}

	public void resolved(Reference reference) {
		this.jdbc.update(
				"DELETE FROM ledger.unresolved_policy_reference WHERE operator = ? AND version = ? AND aggregate_id = ? "
						+ "AND noted_at = ?",
				reference.operator(), reference.version(), reference.aggregateId(),
				Timestamp.from(reference.notedAt()));
	}

	public record Reference(String operator, String version, String aggregateId, Instant notedAt) {

	}

}
