package kz.consentledger.command.proof;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import kz.consentledger.command.proof.VerificationReport.Problem;
import kz.consentledger.proof.AuditChain;
import kz.consentledger.proof.AuditHead;
import kz.consentledger.proof.Hashes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads and checks the query service's access audit chain ({@code query.access_audit},
 * {@link AuditChain}), whose head every checkpoint commits to. The command service reads
 * the other schema on purpose: the commitment must be made by the service that signs.
 */
@Component
public class AuditTrail {

	/** Problems listed; the rest are counted in a last {@code audit-unlisted} problem. */
	static final int LISTED = 100;

	private static final String CHAINED = "SELECT EXISTS (SELECT 1 FROM information_schema.columns "
			+ "WHERE table_schema = 'query' AND table_name = 'access_audit' AND column_name = 'chain_hash')";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	AuditTrail(DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000);
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	/**
	 * The newest record's place and chain hash: what a checkpoint sealed now commits to
	 * ({@link AuditHead#EMPTY} before the query service made the audit a chain).
	 */
	public AuditHead head() {
		return this.snapshot.execute((status) -> chained()
				? this.jdbc.query("SELECT sequence, chain_hash FROM query.access_audit ORDER BY sequence DESC LIMIT 1",
						(row) -> row.next() ? new AuditHead(row.getLong(1) + 1, row.getBytes(2)) : AuditHead.EMPTY)
				: AuditHead.EMPTY);
	}

	/**
	 * Recomputes every record's entry hash and every link, and holds the chain to the
	 * heads that checkpoints committed to.
	 * @param committed the committed heads, by count ascending (the last is the newest)
	 * @return the problems in chain order, the first bad record first: up to
	 * {@value #LISTED}, then one {@code audit-unlisted} that counts the others
	 */
	public List<Problem> verify(List<AuditHead> committed) {
		return this.snapshot.execute((status) -> {
			Run run = new Run(committed);
			if (chained()) {
				this.jdbc.query("SELECT id, " + AuditChain.Entry.COLUMNS + ", entry_hash, chain_hash "
						+ "FROM query.access_audit ORDER BY sequence NULLS LAST, id", run::row);
			}
			return run.finish();
		});
	}

	private boolean chained() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(CHAINED, Boolean.class));
	}

	/** One stored record, as read. */
	private record Row(long id, AuditChain.Entry entry, byte[] entryHash, byte[] chainHash) {

		boolean holdsItsContent() {
			return Arrays.equals(this.entry.hash(), this.entryHash);
		}

		boolean follows(byte[] previousChainHash) {
			return previousChainHash != null
					&& Arrays.equals(AuditChain.link(previousChainHash, this.entryHash), this.chainHash);
		}

		String name() {
			return "access record #" + this.entry.sequence() + " (" + this.entry.accessedAt() + ", "
					+ this.entry.actor() + ", " + this.entry.action() + ", " + this.entry.outcome() + ")";
		}

		Problem problem(String kind, String detail) {
			return new Problem(kind, this.entry.operator(), this.entry.subject(), null, null, null,
					name() + " " + detail);
		}

	}

	/** The state of one pass over the chain, in sequence order. */
	private static final class Run {

		private final List<AuditHead> committed;

		private int nextCommitted;

		private final List<Problem> problems = new ArrayList<>();

		private long problemCount;

		/** The records of the place being read (more than one: all but one inserted). */
		private final List<Row> place = new ArrayList<>();

		private long expected;

		/** The stored chain hash of the record before; null after missing records. */
		private byte[] previousStored = Hashes.GENESIS;

		/** The chain recomputed from the records' content. */
		private byte[] recomputed = Hashes.GENESIS;

		/** The count of the last committed head checked, and problems named since. */
		private long lastCommittedCount;

		private boolean namedSinceCommitted;

		Run(List<AuditHead> committed) {
			this.committed = committed;
			// A head of no records commits to nothing.
			while (this.nextCommitted < committed.size() && committed.get(this.nextCommitted).count() == 0) {
				this.nextCommitted++;
			}
		}

		void row(ResultSet row) throws SQLException {
			if (row.getObject("sequence") == null || row.getBytes("entry_hash") == null
					|| row.getBytes("chain_hash") == null) {
				if (!this.place.isEmpty()) {
					place();
				}
				problem(new Problem("audit-inserted", row.getString("operator"), row.getString("subject"), null, null,
						null,
						"access record id " + row.getLong("id") + " (" + row.getObject("accessed_at") + ", "
								+ row.getString("actor") + ", " + row.getString("action")
								+ ") is in the audit but was never chained"));
				return;
			}
			Row read = new Row(row.getLong("id"), AuditChain.Entry.fromRow(row), row.getBytes("entry_hash"),
					row.getBytes("chain_hash"));
			if (!this.place.isEmpty() && this.place.get(0).entry().sequence() != read.entry().sequence()) {
				place();
			}
			this.place.add(read);
		}

		List<Problem> finish() {
			if (!this.place.isEmpty()) {
				place();
			}
			AuditHead newest = this.committed.isEmpty() ? AuditHead.EMPTY
					: this.committed.get(this.committed.size() - 1);
			if (newest.count() > this.expected) {
				problem(new Problem("audit-deleted", null, null, null, null, null,
						"access records #" + this.expected + ".." + (newest.count() - 1)
								+ " are missing: a checkpoint committed to " + newest.count() + " records, "
								+ this.expected + " remain (the newest were deleted)"));
			}
			if (this.problemCount > this.problems.size()) {
				this.problems.add(new Problem("audit-unlisted", null, null, null, null, null,
						(this.problemCount - this.problems.size()) + " further problems of the access audit are "
								+ "not listed"));
			}
			return List.copyOf(this.problems);
		}

		/** Checks the records of one place: one chained record, any others inserted. */
		private void place() {
			Row chained = this.place.stream()
				.filter((candidate) -> candidate.holdsItsContent() && candidate.follows(this.previousStored))
				.findFirst()
				.orElse(this.place.get(0));
			long sequence = chained.entry().sequence();
			if (sequence > this.expected) {
				problem(chained.problem("audit-deleted", "follows missing records: access records #" + this.expected
						+ ".." + (sequence - 1) + " were deleted"));
				this.previousStored = null;
			}
			for (Row other : this.place) {
				if (other != chained) {
					problem(other.problem("audit-inserted", "(id " + other.id() + ") takes the place of "
							+ chained.name() + " (id " + chained.id() + "): it was never chained there"));
				}
			}
			this.place.clear();
			byte[] entryHash = chained.entry().hash();
			if (!Arrays.equals(entryHash, chained.entryHash())) {
				problem(chained.problem("audit-altered", "no longer matches its hash: its stored content was altered"));
			}
			if (this.previousStored != null && !chained.follows(this.previousStored)) {
				problem(chained.problem("audit-chain-altered",
						"is not linked to the record before it: the chain " + "hashes were rewritten"));
			}
			// After missing records the recomputation goes on from what is stored.
			this.recomputed = (sequence == this.expected) ? AuditChain.link(this.recomputed, entryHash)
					: chained.chainHash();
			this.previousStored = chained.chainHash();
			this.expected = sequence + 1;
			checkCommitted(chained);
		}

		/** Holds the chain to the committed heads that end at or before this record. */
		private void checkCommitted(Row record) {
			while (this.nextCommitted < this.committed.size()
					&& this.committed.get(this.nextCommitted).count() <= this.expected) {
				AuditHead head = this.committed.get(this.nextCommitted++);
				if (head.count() == this.expected && !Arrays.equals(head.hash(), this.recomputed)) {
					String range = "access records #" + this.lastCommittedCount + ".." + (head.count() - 1);
					problem(record.problem("audit-chain-altered",
							"ends a chain that no longer gives the head a checkpoint committed to (" + head.count()
									+ " records): " + range
									+ (this.namedSinceCommitted ? " hold the records named before"
											: " hold a record that was altered, inserted or removed; which one "
													+ "cannot be known once every hash stored after it was "
													+ "rewritten")));
					// The next committed range is checked on its own.
					this.recomputed = head.hash();
				}
				this.lastCommittedCount = head.count();
				this.namedSinceCommitted = false;
			}
		}

		private void problem(Problem problem) {
			this.problemCount++;
			this.namedSinceCommitted = true;
			if (this.problems.size() < LISTED) {
				this.problems.add(problem);
			}
		}

	}

}
