package kz.consentledger.command.proof;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.Checkpoint;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import static kz.consentledger.proof.Chain.leafHash;

/**
 * Seals the chained but unsealed positions into signed checkpoints, every
 * {@code ledger.proof.checkpoint-interval} and on demand. Each checkpoint commits to its
 * range by a Merkle root, to everything before by the ledger hash, and to the previous
 * checkpoint by its statement hash.
 */
@Component
public class CheckpointSealer {

	private static final Logger LOG = LoggerFactory.getLogger(CheckpointSealer.class);

	/**
	 * Sealers of several instances take turns; a busy lock means another one is sealing.
	 */
	private static final long SEAL_LOCK = 0x6c65646765720002L;

	private static final String ZERO = "0".repeat(64);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final SigningKey key;

	private final Clock clock;

	private final int maxSize;

	CheckpointSealer(JdbcTemplate jdbc, TransactionTemplate transactions, SigningKey key, Clock clock,
			LedgerProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.key = key;
		this.clock = clock;
		this.maxSize = properties.proof().checkpointMaxSize();
	}

	@Scheduled(fixedDelayString = "${ledger.proof.checkpoint-interval}",
			initialDelayString = "${ledger.proof.checkpoint-interval}")
	void sealOnSchedule() {
		sealAll();
	}

	/** Seals every unsealed position; returns the checkpoints made. */
	public List<Checkpoint> sealAll() {
		List<Checkpoint> sealed = new ArrayList<>();
		Optional<Checkpoint> next;
		do {
			next = this.transactions.execute((status) -> sealNext());
			next.ifPresent(sealed::add);
		}
		while (next.isPresent());
		return sealed;
	}

	private Optional<Checkpoint> sealNext() {
		Boolean locked = this.jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, SEAL_LOCK);
		if (!Boolean.TRUE.equals(locked)) {
			return Optional.empty();
		}
		List<Checkpoint> last = this.jdbc.query("SELECT * FROM ledger.checkpoint ORDER BY number DESC LIMIT 1",
				(row, n) -> Checkpoint.fromRow(row));
		long number = last.isEmpty() ? 1 : last.get(0).number() + 1;
		long first = last.isEmpty() ? 0 : last.get(0).lastPosition() + 1;
		String previous = last.isEmpty() ? ZERO : last.get(0).statementHash();
		List<byte[]> leaves = new ArrayList<>();
		byte[][] ledgerHash = new byte[1][];
		this.jdbc.query("""
				SELECT position, global_index, event_hash, stream_hash, ledger_hash FROM ledger.event_chain
				WHERE position >= ? ORDER BY position LIMIT ?""", (row) -> {
			leaves.add(leafHash(row.getLong(1), row.getLong(2), row.getBytes(3), row.getBytes(4)));
			ledgerHash[0] = row.getBytes(5);
		}, first, this.maxSize);
		if (leaves.isEmpty()) {
			return Optional.empty();
		}
		this.jdbc.update("""
				INSERT INTO ledger.signing_key (key_id, algorithm, public_key, created_at) VALUES (?, 'Ed25519', ?, ?)
				ON CONFLICT (key_id) DO NOTHING""", this.key.keyId(), this.key.publicKeyDer(),
				java.sql.Timestamp.from(this.clock.instant()));
		Checkpoint checkpoint = new Checkpoint(number, first, first + leaves.size() - 1,
				Hashes.hex(MerkleTree.root(leaves)), Hashes.hex(ledgerHash[0]), previous,
				this.clock.instant().toString(), this.key.keyId());
		this.jdbc.update("""
				INSERT INTO ledger.checkpoint (number, first_position, last_position, merkle_root, ledger_hash,
				  previous_statement_hash, sealed_at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
				checkpoint.number(), checkpoint.firstPosition(), checkpoint.lastPosition(), checkpoint.merkleRoot(),
				checkpoint.ledgerHash(), checkpoint.previousStatementHash(), checkpoint.sealedAt(), checkpoint.keyId(),
				this.key.sign(checkpoint.statement()));
		LOG.info("sealed checkpoint {}: positions {}..{}, root {}", checkpoint.number(), checkpoint.firstPosition(),
				checkpoint.lastPosition(), checkpoint.merkleRoot());
		return Optional.of(checkpoint);
	}

}
