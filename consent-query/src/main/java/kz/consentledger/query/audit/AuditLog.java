package kz.consentledger.query.audit;

import java.time.Instant;
import java.time.ZoneOffset;

import kz.consentledger.proof.AuditChain;
import kz.consentledger.proof.AuditHead;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends records to the access audit's hash chain ({@link AuditChain}). Appends are
 * serialized by a transaction-scoped advisory lock, so every service instance links to
 * the head that the previous append committed: the lock is held for the head's read, the
 * insert and the commit, and for nothing else.
 */
@Component
class AuditLog {

	/**
	 * The advisory lock of the audit's appends, a key no other lock of the database uses
	 * ("AUDIT" in ASCII).
	 */
	static final long APPEND_LOCK = 0x4155444954L;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	AuditLog(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
	}

	/** Chains and stores a record; returns once it is durable. */
	void append(Access access) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.query("SELECT pg_advisory_xact_lock(?)", (row) -> null, APPEND_LOCK);
			// Read after the lock, in a statement of its own: its snapshot sees the
			// previous holder's commit.
			AuditHead head = this.jdbc.query(
					"SELECT sequence, chain_hash FROM query.access_audit ORDER BY sequence DESC LIMIT 1",
					(row) -> row.next() ? new AuditHead(row.getLong(1) + 1, row.getBytes(2)) : AuditHead.EMPTY);
			AuditChain.Entry entry = access.at(head.count());
			byte[] entryHash = entry.hash();
			this.jdbc.update("""
					INSERT INTO query.access_audit (sequence, accessed_at, actor, remote_addr, action, operator,
					    subject, reason, request, outcome, entry_hash, chain_hash)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entry.sequence(),
					entry.accessedAt().atOffset(ZoneOffset.UTC), entry.actor(), entry.remoteAddr(), entry.action(),
					entry.operator(), entry.subject(), entry.reason(), entry.request(), entry.outcome(), entryHash,
					AuditChain.link(head.hash(), entryHash));
		});
	}

	/** A record before it takes its place in the chain. */
	record Access(Instant accessedAt, String actor, String remoteAddr, String action, String operator, String subject,
			String reason, String request, String outcome) {

		AuditChain.Entry at(long sequence) {
			return new AuditChain.Entry(sequence, this.accessedAt, this.actor, this.remoteAddr, this.action,
					this.operator, this.subject, this.reason, this.request, this.outcome);
		}

	}

}
