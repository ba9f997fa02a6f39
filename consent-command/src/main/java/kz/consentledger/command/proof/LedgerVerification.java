package kz.consentledger.command.proof;

import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.command.proof.VerificationReport.Problem;
import kz.consentledger.proof.Chain;
import kz.consentledger.proof.Checkpoint;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies the whole store in one consistent snapshot: recomputes every event's hash from
 * its stored bytes and compares it with the chain, relinks the stream and ledger chains,
 * and checks every checkpoint's signature and Merkle root. Every mismatch is named by
 * operator, subject, event id, global index and position.
 */
@Component
public class LedgerVerification {

	private static final int LISTED = 1000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	private final Clock clock;

	LedgerVerification(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
		this.clock = clock;
		this.jdbc.setFetchSize(1000);
	}

	public VerificationReport verify() {
		return this.snapshot.execute((status) -> new Run().execute());
	}

	/** The state of one verification pass. */
	private final class Run {

		private final List<Problem> problems = new ArrayList<>();

		private long problemCount;

		private final Map<String, Link> streams = new HashMap<>();

		private final List<Checkpoint> checkpoints = new ArrayList<>();

		private final List<byte[]> signatures = new ArrayList<>();

		/** The next checkpoint to check and the leaves of its range seen so far. */
		private int checkpointIndex;

		private final List<byte[]> rangeLeaves = new ArrayList<>();

		private String previousStatement = "0".repeat(64);

		private final Map<String, PublicKey> keys = new HashMap<>();

		private byte[] ledgerHash = Hashes.GENESIS;

		private long expectedPosition;

		private long sealedUpTo = -1;

		VerificationReport execute() {
			LedgerVerification.this.jdbc.query("SELECT key_id, public_key FROM ledger.signing_key",
					(RowCallbackHandler) (row) -> this.keys.put(row.getString(1),
							LedgerKeys.publicKey(row.getBytes(2))));
			LedgerVerification.this.jdbc.query("SELECT * FROM ledger.checkpoint ORDER BY number", (row) -> {
				this.checkpoints.add(Checkpoint.fromRow(row));
				this.signatures.add(row.getBytes("signature"));
			});
			this.sealedUpTo = this.checkpoints.isEmpty() ? -1
					: this.checkpoints.get(this.checkpoints.size() - 1).lastPosition();
			LedgerVerification.this.jdbc.query("SELECT c.position, c.global_index AS chained_index, "
					+ "c.event_identifier AS chained_event, c.aggregate_identifier AS chained_aggregate, "
					+ "c.aggregate_sequence, c.event_hash, c.stream_hash, c.ledger_hash, " + StoredEvent.COLUMNS
					+ " FROM ledger.event_chain c LEFT JOIN ledger.domain_event_entry e"
					+ " ON e.global_index = c.global_index ORDER BY c.position", (row) -> {
						ChainRow chained = new ChainRow(row.getLong("position"), row.getLong("chained_index"),
								row.getString("chained_event"), row.getString("chained_aggregate"),
								row.getLong("aggregate_sequence"), row.getBytes("event_hash"),
								row.getBytes("stream_hash"), row.getBytes("ledger_hash"));
						row.getLong("global_index");
						position(chained, row.wasNull() ? null : StoredEvent.fromRow(row));
					});
			LedgerVerification.this.jdbc.query("SELECT " + StoredEvent.COLUMNS
					+ " FROM ledger.domain_event_entry e WHERE NOT EXISTS "
					+ "(SELECT 1 FROM ledger.event_chain c WHERE c.global_index = e.global_index) ORDER BY e.global_index",
					(row) -> {
						StoredEvent event = StoredEvent.fromRow(row);
						problem(Problem.about("inserted", event.aggregateId(), event.eventId(), event.globalIndex(),
								null, "event " + event.eventId() + " (" + event.aggregateId() + " #"
										+ event.aggregateSequence() + ") is in the store but was never chained"));
					});
			Long events = LedgerVerification.this.jdbc.queryForObject("SELECT count(*) FROM ledger.domain_event_entry",
					Long.class);
			while (this.checkpointIndex < this.checkpoints.size()) {
				checkCheckpoint(null);
			}
			return new VerificationReport(LedgerVerification.this.clock.instant(), this.problemCount == 0, events,
					this.expectedPosition, this.checkpoints.size(), this.sealedUpTo + 1, this.problemCount,
					List.copyOf(this.problems));
		}

		private void position(ChainRow chained, StoredEvent stored) {
			if (chained.position() != this.expectedPosition) {
				problem(Problem.about("chain-altered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "the chain jumps from position " + (this.expectedPosition - 1) + " to "
								+ chained.position() + ": chain entries were removed"));
			}
			this.expectedPosition = chained.position() + 1;
			if (stored == null) {
				problem(Problem.about("deleted", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "event " + chained.eventId() + " (" + chained.aggregateId() + " #"
								+ chained.sequence() + ") was deleted from the store"));
			}
			else if (!stored.eventId().equals(chained.eventId())) {
				problem(Problem.about("reordered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(),
						"global index " + chained.globalIndex() + " should hold event " + chained.eventId() + " ("
								+ chained.aggregateId() + " #" + chained.sequence() + ") but holds event "
								+ stored.eventId() + " (" + stored.aggregateId() + " #" + stored.aggregateSequence()
								+ "): stored events were moved or reordered"));
			}
			else if (!Arrays.equals(stored.eventHash(), chained.eventHash())) {
				problem(Problem.about("modified", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "event " + chained.eventId() + " (" + chained.aggregateId() + " #"
								+ chained.sequence() + ") no longer matches its hash: its stored content was altered"));
			}
			Link previous = this.streams.get(chained.aggregateId());
			long expectedSequence = (previous == null) ? 0 : previous.sequence() + 1;
			byte[] expectedStream = Chain.streamLink((previous == null) ? Hashes.GENESIS : previous.hash(),
					chained.eventHash());
			if (chained.sequence() != expectedSequence || !Arrays.equals(expectedStream, chained.streamHash())) {
				problem(Problem.about("chain-altered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "the stream chain of " + chained.aggregateId() + " breaks at #"
								+ chained.sequence() + " (expected #" + expectedSequence + ")"));
			}
			this.streams.put(chained.aggregateId(), new Link(chained.sequence(), chained.streamHash()));
			byte[] leaf = Chain.leafHash(chained.position(), chained.globalIndex(), chained.eventHash(),
					chained.streamHash());
			this.ledgerHash = Chain.ledgerLink(this.ledgerHash, leaf);
			if (!Arrays.equals(this.ledgerHash, chained.ledgerHash())) {
				problem(Problem.about("chain-altered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "the ledger chain breaks at position " + chained.position()));
				this.ledgerHash = chained.ledgerHash();
			}
			if (this.checkpointIndex < this.checkpoints.size()) {
				Checkpoint checkpoint = this.checkpoints.get(this.checkpointIndex);
				if (checkpoint.covers(chained.position())) {
					this.rangeLeaves.add(leaf);
				}
				if (chained.position() >= checkpoint.lastPosition()) {
					checkCheckpoint((chained.position() == checkpoint.lastPosition()) ? chained.ledgerHash() : null);
				}
			}
		}

		/**
		 * Checks the next checkpoint once its range was read; {@code ledgerAtEnd} is null
		 * when its last position is missing.
		 */
		private void checkCheckpoint(byte[] ledgerAtEnd) {
			Checkpoint checkpoint = this.checkpoints.get(this.checkpointIndex);
			List<String> faults = new ArrayList<>();
			PublicKey key = this.keys.get(checkpoint.keyId());
			if (key == null
					|| !LedgerKeys.verify(key, checkpoint.statement(), this.signatures.get(this.checkpointIndex))) {
				faults.add("its signature does not verify with key " + checkpoint.keyId());
			}
			if (!checkpoint.previousStatementHash().equals(this.previousStatement)) {
				faults.add("it does not link to checkpoint " + (checkpoint.number() - 1));
			}
			if (this.rangeLeaves.size() != checkpoint.size()
					|| !Hashes.hex(MerkleTree.root(this.rangeLeaves)).equals(checkpoint.merkleRoot())) {
				faults.add("positions " + checkpoint.firstPosition() + ".." + checkpoint.lastPosition()
						+ " no longer give its signed Merkle root");
			}
			if (ledgerAtEnd == null || !Hashes.hex(ledgerAtEnd).equals(checkpoint.ledgerHash())) {
				faults.add("the ledger hash at position " + checkpoint.lastPosition() + " is not the signed one");
			}
			if (!faults.isEmpty()) {
				problem(new Problem("checkpoint-invalid", null, null, null, null, checkpoint.lastPosition(),
						"checkpoint " + checkpoint.number() + ": " + String.join("; ", faults)));
			}
			this.previousStatement = checkpoint.statementHash();
			this.rangeLeaves.clear();
			this.checkpointIndex++;
		}

		private void problem(Problem problem) {
			this.problemCount++;
			if (this.problems.size() < LISTED) {
				this.problems.add(problem);
			}
		}

	}

	private record ChainRow(long position, long globalIndex, String eventId, String aggregateId, long sequence,
			byte[] eventHash, byte[] streamHash, byte[] ledgerHash) {
	}

	private record Link(long sequence, byte[] hash) {
	}

}
