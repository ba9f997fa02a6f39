package db.migration.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import kz.consentledger.proof.AuditChain;
import kz.consentledger.proof.AuditHead;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Makes the access audit a hash chain ({@link AuditChain}): each record gets its place in
 * the chain ({@code sequence}, dense from 0), its outcome, its entry hash and its chain
 * hash. The records stored before are chained here, once, in id order, as answered reads
 * (refusals were not recorded then); from then on each record is chained as it is
 * inserted. The append-only triggers stay: they are set aside for this one update only.
 */
public class V9__Chain_the_access_audit extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("""
					ALTER TABLE query.access_audit
					    ADD COLUMN sequence   BIGINT,
					    ADD COLUMN outcome    VARCHAR(16),
					    ADD COLUMN entry_hash BYTEA,
					    ADD COLUMN chain_hash BYTEA""");
			ddl.execute("ALTER TABLE query.access_audit DISABLE TRIGGER access_audit_append_only");
			chainStoredRecords(connection);
			ddl.execute("ALTER TABLE query.access_audit ENABLE TRIGGER access_audit_append_only");
			ddl.execute("""
					ALTER TABLE query.access_audit
					    ALTER COLUMN sequence SET NOT NULL,
					    ALTER COLUMN outcome SET NOT NULL,
					    ALTER COLUMN entry_hash SET NOT NULL,
					    ALTER COLUMN chain_hash SET NOT NULL,
					    ADD CONSTRAINT access_audit_sequence CHECK (sequence >= 0),
					    ADD CONSTRAINT access_audit_hashes CHECK (octet_length(entry_hash) = 32
					        AND octet_length(chain_hash) = 32)""");
			// The head's lookup, and a second record at a taken place is refused.
			ddl.execute("CREATE UNIQUE INDEX access_audit_chain ON query.access_audit (sequence)");
			ddl.execute("COMMENT ON COLUMN query.access_audit.chain_hash IS "
					+ "'SHA-256(0x05 || previous chain_hash || entry_hash), from 32 zero bytes (docs/tamper-evidence.md)'");
		}
	}

	private static void chainStoredRecords(Connection connection) throws Exception {
		AuditHead head = AuditHead.EMPTY;
		try (Statement select = connection.createStatement();
				PreparedStatement update = connection.prepareStatement(
						"UPDATE query.access_audit SET sequence = ?, outcome = ?, entry_hash = ?, chain_hash = ? "
								+ "WHERE id = ?")) {
			select.setFetchSize(1000);
			int pending = 0;
			try (ResultSet rows = select.executeQuery("SELECT id, row_number() OVER (ORDER BY id) - 1 AS sequence, "
					+ "accessed_at, actor, remote_addr, action, operator, subject, reason, request, "
					+ "'answered' AS outcome FROM query.access_audit ORDER BY id")) {
				while (rows.next()) {
					AuditChain.Entry entry = AuditChain.Entry.fromRow(rows);
					byte[] entryHash = entry.hash();
					head = entry.after(head);
					update.setLong(1, entry.sequence());
					update.setString(2, entry.outcome());
					update.setBytes(3, entryHash);
					update.setBytes(4, head.hash());
					update.setLong(5, rows.getLong("id"));
					update.addBatch();
					if (++pending == 1000) {
						update.executeBatch();
						pending = 0;
					}
				}
			}
			if (pending > 0) {
				update.executeBatch();
			}
		}
	}

}
