package kz.consentledger.command.proof;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.AuditHead;
import kz.consentledger.proof.Chain;
import kz.consentledger.proof.CompactRange;
import kz.consentledger.proof.LedgerCheckpoint;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.proof.StoredEvent;
import kz.consentledger.proof.StreamHeads;
import kz.consentledger.proof.TrustPolicy;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the chained positions into checkpoints every
 * {@code ledger.proof.checkpoint-interval} and on demand: each is a
 * c2sp.org/tlog-checkpoint of the tree over every position so far, with the stream heads
 * and the access audit head it commits to, signed with the ledger's key; witnesses then
 * cosign it ({@link WitnessCosigning}). The tree's right edge and the stream heads are
 * kept in memory between seals, so a seal reads only the positions it adds.
 */
@Component
public class CheckpointSealer {

	private static final Logger LOG = LoggerFactory.getLogger(CheckpointSealer.class);

	/**
	 * Sealers of several instances take turns; a busy lock means another one is sealing.
	 */
	private static final long SEAL_LOCK = 0x6c65646765720002L;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final NoteSigner signer;

	private final Clock clock;

	private final int maxSize;

	private final String origin;

	private final AuditTrail audit;

	private final WitnessCosigning cosigning;

	private final LeafMac mac;

	private final KeyRotations keys;

	/** The largest tree this instance signed: it never signs a smaller one. */
	private long highest;

	/** The tree as of the newest checkpoint this instance read or made. */
	private Tree sealed = new Tree(CompactRange.empty(), new StreamHeads());

	CheckpointSealer(JdbcTemplate jdbc, TransactionTemplate transactions, SigningKey key, Clock clock,
			LedgerProperties properties, AuditTrail audit, WitnessCosigning cosigning, LeafMac mac, KeyRotations keys) {
		this.mac = mac;
		this.keys = keys;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.origin = properties.proof().origin();
		this.signer = key.noteSigner(this.origin);
		this.clock = clock;
		this.maxSize = properties.proof().checkpointMaxSize();
		this.audit = audit;
		this.cosigning = cosigning;
	}

	/** Why the last seal failed, or null: the checkpoints' health says it. */
	private volatile String failure;

	private String lastLogged;

	@Scheduled(fixedDelayString = "${ledger.proof.checkpoint-interval}",
			initialDelayString = "${ledger.proof.checkpoint-interval}")
	void sealOnSchedule() {
		try {
			sealAll();
		}
		catch (RuntimeException ex) {
			// Noted by sealAll for the health; logged once per distinct cause.
			if (!String.valueOf(ex.getMessage()).equals(this.lastLogged)) {
				LOG.error("sealing failed: {}", ex.getMessage());
				this.lastLogged = String.valueOf(ex.getMessage());
			}
		}
	}

	/** Why the last scheduled seal failed, or null when it succeeded. */
	public String failure() {
		return this.failure;
	}

	/**
	 * Seals every position chained when it starts (in steps of at most
	 * {@code ledger.proof.checkpoint-max-size}), then asks the witnesses to cosign the
	 * newest checkpoint; returns the checkpoints made. Positions chained meanwhile wait
	 * for the next round: chasing them kept the sealer busy for as long as ingestion went
	 * on, each seal hashing every stream's head again (a third of a core).
	 */
	public synchronized List<SignedNote> sealAll() {
		List<SignedNote> made = new ArrayList<>();
		Optional<Sealing> next;
		try {
			long chained = this.jdbc.queryForObject("SELECT coalesce(max(position), -1) + 1 FROM ledger.event_chain",
					Long.class);
			do {
				next = this.transactions.execute((status) -> sealNext(chained));
				next.ifPresent((sealing) -> {
					this.sealed = sealing.tree();
					this.highest = sealing.tree().range().size();
					made.add(sealing.note());
				});
			}
			while (next.isPresent());
		}
		catch (RuntimeException ex) {
			// The tree in memory may hold positions of a seal that rolled back: read it
			// again.
			this.sealed = new Tree(CompactRange.empty(), new StreamHeads());
			this.failure = String.valueOf(ex.getMessage());
			throw ex;
		}
		this.failure = null;
		this.lastLogged = null;
		this.cosigning.cosignNewest();
		return made;
	}

	private Optional<Sealing> sealNext(long chained) {
		Boolean locked = this.jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, SEAL_LOCK);
		if (!Boolean.TRUE.equals(locked)) {
			return Optional.empty();
		}
		long size = newestValidSize();
		if (this.highest > size) {
			// The store holds less than this instance sealed: never sign a smaller tree.
			throw new IllegalStateException(
					"the newest checkpoint in the store has " + size + " positions, but this instance sealed "
							+ this.highest + ": the store was cut or rolled back (run the verification)");
		}
		// Another instance sealed since, or this one just started: catch up with its
		// tree.
		Tree tree = this.sealed.extendedBy(this.jdbc, this.mac, size);
		byte[] signedRoot = (size == 0) ? tree.range().root()
				: this.jdbc.queryForObject("SELECT root FROM ledger.tree_head WHERE size = ?", byte[].class, size);
		if (tree.range().size() != size || !Arrays.equals(tree.range().root(), signedRoot)) {
			throw new IllegalStateException("the chain no longer gives the newest checkpoint (" + size
					+ " positions): it was altered or cut; nothing more is sealed until the verification is run");
		}
		Tree extended = tree.extendedBy(this.jdbc, this.mac, Math.min(size + this.maxSize, chained));
		if (extended.range().size() == size) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		AuditHead audited = this.audit.head();
		LedgerCheckpoint checkpoint = new LedgerCheckpoint(this.origin, extended.range().size(),
				extended.range().root(), extended.heads().root(), audited.count(), audited.hash());
		SignedNote note = new SignedNote(checkpoint.body(),
				List.of(this.signer.sign(checkpoint.body(), now.getEpochSecond())));
		this.jdbc.update("INSERT INTO ledger.tree_head (size, root, note, frontier, sealed_at) VALUES (?, ?, ?, ?, ?)",
				checkpoint.size(), checkpoint.root(), note.text(), extended.range().toBytes(), Timestamp.from(now));
		LOG.info("sealed checkpoint of {} positions ({} streams)", checkpoint.size(), extended.heads().size());
		return Optional.of(new Sealing(extended, note));
	}

	/**
	 * The size of the newest checkpoint a trusted key signed for what its row says: a row
	 * slipped into the table by whoever may insert there is passed over (the verification
	 * names it), never continued from.
	 */
	private long newestValidSize() {
		TrustPolicy trust = this.keys.policy(new ArrayList<>());
		List<HeadRow> rows = this.jdbc.query(
				"SELECT size, root, note FROM ledger.tree_head ORDER BY size DESC LIMIT 20",
				(row, n) -> new HeadRow(row.getLong(1), row.getBytes(2), row.getString(3)));
		if (rows.isEmpty()) {
			return 0;
		}
		// Newest first, and verified one at a time: the newest is nearly always valid.
		return rows.stream()
			.filter((row) -> row.signedByTrustedKey(trust))
			.findFirst()
			.map(HeadRow::size)
			.orElseThrow(() -> new IllegalStateException("none of the " + rows.size()
					+ " newest checkpoints in the store is one a trusted key signed: run the verification"));
	}

	private record HeadRow(long size, byte[] root, String note) {

		boolean signedByTrustedKey(TrustPolicy trust) {
			try {
				SignedNote signed = SignedNote.parse(this.note);
				LedgerCheckpoint claims = LedgerCheckpoint.parse(signed.body());
				TrustPolicy.Verdict verdict = trust.judge(signed);
				return claims.size() == this.size && Arrays.equals(claims.root(), this.root)
						&& verdict.forged().isEmpty() && !verdict.signers().isEmpty();
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

	}

	private record Sealing(Tree tree, SignedNote note) {
	}

	/**
	 * The tree's right edge and the stream heads at the same size; {@code macs}: an
	 * envelope 2 position was seen, after which every position must carry the ledger's
	 * MAC.
	 */
	private static final class Tree {

		private final CompactRange range;

		private final StreamHeads heads;

		private boolean macs;

		Tree(CompactRange range, StreamHeads heads) {
			this.range = range;
			this.heads = heads;
		}

		CompactRange range() {
			return this.range;
		}

		StreamHeads heads() {
			return this.heads;
		}

		/**
		 * This tree extended in place by the chained positions below {@code limit}: a
		 * seal that fails starts again from an empty tree (sealAll). A position the
		 * ledger did not append (no MAC, or one that does not check) is never sealed: a
		 * witness would cosign it.
		 */
		Tree extendedBy(JdbcTemplate jdbc, LeafMac mac, long limit) {
			if (limit <= this.range.size()) {
				return this;
			}
			jdbc.query("""
					SELECT position, global_index, aggregate_identifier, aggregate_sequence, event_hash, stream_hash,
					  envelope, leaf_mac, event_identifier
					FROM ledger.event_chain WHERE position >= ? AND position < ? ORDER BY position""", (row) -> {
				long position = row.getLong(1);
				if (position != this.range.size()) {
					throw new IllegalStateException("the chain has no position " + this.range.size()
							+ ": chain entries were removed (run the verification)");
				}
				byte[] streamHash = row.getBytes(6);
				byte[] leaf = Chain.leafHash(position, row.getLong(2), row.getBytes(5), streamHash);
				this.macs |= row.getInt(7) != StoredEvent.ENVELOPE_WITHOUT_TYPE;
				if (this.macs && !mac.matches(leaf, row.getBytes(8))) {
					throw new IllegalStateException("position " + position + " (event " + row.getString(9)
							+ ") does not carry the ledger's MAC: the ledger did not append it; nothing more is sealed "
							+ "until the verification is run");
				}
				this.range.append(leaf);
				this.heads.put(new StreamHeads.Head(row.getString(3), row.getLong(4) + 1, streamHash, position));
			}, this.range.size(), limit);
			return this;
		}

	}

}
