package kz.consentledger.command.proof;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.command.proof.VerificationReport.Problem;
import kz.consentledger.proof.AuditHead;
import kz.consentledger.proof.Chain;
import kz.consentledger.proof.CompactRange;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.LedgerCheckpoint;
import kz.consentledger.proof.StoredEvent;
import kz.consentledger.proof.StreamHeads;
import kz.consentledger.proof.TrustPolicy;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies the whole store in one consistent snapshot, trusting nothing it holds:
 * recomputes every event's hash from its stored columns, both chains and the tree from
 * those hashes (never from the stored ones), and holds every checkpoint to the keys and
 * witnesses of the configuration ({@link TrustPolicy}), to the newest checkpoint each
 * witness cosigned, and to a checkpoint the caller trusts (a regulator's). An altered
 * event is named by the first of: its stored hash, its leaf MAC (which survives a chain
 * recomputed around it), or the range between the last checkpoint it still gives and the
 * first it no longer gives.
 */
@Component
public class LedgerVerification {

	private static final int LISTED = 1000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	private final Clock clock;

	private final KeyRotations keys;

	private final LeafMac macs;

	private final AuditTrail audit;

	private final WitnessCosigning witnesses;

	private final String origin;

	/** How long a new checkpoint may wait for its witnesses' quorum. */
	private final Duration cosigningGrace;

	LedgerVerification(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock, KeyRotations keys,
			LeafMac macs, AuditTrail audit, WitnessCosigning witnesses, LedgerProperties properties) {
		this.origin = properties.proof().origin();
		this.cosigningGrace = properties.proof().checkpointInterval().multipliedBy(3).plusSeconds(30);
		this.jdbc = jdbc;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
		this.clock = clock;
		this.keys = keys;
		this.macs = macs;
		this.audit = audit;
		this.witnesses = witnesses;
		this.jdbc.setFetchSize(1000);
	}

	public VerificationReport verify() {
		return verify(Optional.empty());
	}

	/**
	 * @param trusted a checkpoint the caller holds (a regulator's copy): the store must
	 * give it, or extend it
	 */
	public VerificationReport verify(Optional<SignedNote> trusted) {
		Map<String, WitnessCosigning.Witnessed> witnessed = this.witnesses.witnessedCheckpoints();
		return this.snapshot.execute((status) -> new Run(trusted, witnessed).execute());
	}

	/** The state of one verification pass. */
	private final class Run {

		private final List<Problem> problems = new ArrayList<>();

		private long problemCount;

		/** Checkpoints by size, and what the walk found at each size. */
		private final Map<Long, Held> held = new HashMap<>();

		private final List<Long> sizes = new ArrayList<>();

		private int nextSize;

		/**
		 * Roots recomputed at the sizes of interest (checkpoints, witnesses, trusted).
		 */
		private final Map<Long, byte[]> roots = new HashMap<>();

		private final Map<Long, byte[]> headsRoots = new HashMap<>();

		private final CompactRange tree = CompactRange.empty();

		private final StreamHeads heads = new StreamHeads();

		/** Recomputed stream heads (from the stored events), by aggregate. */
		private final Map<String, Link> streams = new HashMap<>();

		private byte[] ledgerHash = Hashes.GENESIS;

		/**
		 * An envelope 2 position was seen: from there on every position carries the
		 * ledger's MAC, and none is envelope 1.
		 */
		private boolean macs;

		private long expectedPosition;

		/**
		 * The first position whose leaf is not what the store's events give, if named.
		 */
		private final List<Long> named = new ArrayList<>();

		private final Optional<SignedNote> trusted;

		private final Map<String, WitnessCosigning.Witnessed> witnessed;

		/** The largest size each witness's stored cosignatures cover. */
		private final Map<String, Long> cosignedByWitness = new HashMap<>();

		private TrustPolicy trust;

		Run(Optional<SignedNote> trusted, Map<String, WitnessCosigning.Witnessed> witnessed) {
			this.trusted = trusted;
			this.witnessed = witnessed;
		}

		VerificationReport execute() {
			List<String> rotationFailures = new ArrayList<>();
			this.trust = LedgerVerification.this.keys.policy(rotationFailures);
			rotationFailures.forEach(
					(failure) -> problem(new Problem("key-rotation-invalid", null, null, null, null, null, failure)));
			LedgerVerification.this.jdbc.query("SELECT size, note, sealed_at FROM ledger.tree_head ORDER BY size",
					(row) -> {
						this.held.put(row.getLong(1),
								new Held(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant()));
						this.sizes.add(row.getLong(1));
					});
			LedgerVerification.this.jdbc.query("SELECT size, witness, line FROM ledger.cosignature", (row) -> {
				Held checkpoint = this.held.get(row.getLong(1));
				if (checkpoint != null) {
					checkpoint.cosignatures().add(row.getString(3));
				}
				this.cosignedByWitness.merge(row.getString(2), row.getLong(1), Math::max);
			});
			List<Long> interesting = new ArrayList<>(this.sizes);
			this.trusted.ifPresent((note) -> sizeOf(note).ifPresent(interesting::add));
			this.witnessed.values()
				.stream()
				.filter((answer) -> answer.note() != null)
				.forEach((answer) -> sizeOf(answer.note()).ifPresent(interesting::add));
			interesting.forEach((size) -> this.roots.putIfAbsent(size, null));
			if (this.roots.containsKey(0L)) {
				this.roots.put(0L, this.tree.root());
				this.headsRoots.put(0L, this.heads.root());
			}
			LedgerVerification.this.jdbc.query("SELECT c.position, c.global_index AS chained_index, "
					+ "c.event_identifier AS chained_event, c.aggregate_identifier AS chained_aggregate, "
					+ "c.aggregate_sequence, c.event_hash, c.stream_hash, c.ledger_hash, c.envelope, c.leaf_mac, "
					+ StoredEvent.COLUMNS + " FROM ledger.event_chain c LEFT JOIN ledger.domain_event_entry e"
					+ " ON e.global_index = c.global_index ORDER BY c.position", (row) -> {
						ChainRow chained = new ChainRow(row.getLong("position"), row.getLong("chained_index"),
								row.getString("chained_event"), row.getString("chained_aggregate"),
								row.getLong("aggregate_sequence"), row.getBytes("event_hash"),
								row.getBytes("stream_hash"), row.getBytes("ledger_hash"), row.getInt("envelope"),
								row.getBytes("leaf_mac"));
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
			List<String> cosigners = checkCheckpoints();
			this.witnessed.forEach(this::checkWitnessed);
			this.trusted.ifPresent(this::checkTrusted);
			LedgerVerification.this.audit.verify(committedAuditHeads()).forEach(this::problem);
			long sealed = this.sizes.isEmpty() ? 0 : this.sizes.get(this.sizes.size() - 1);
			return new VerificationReport(LedgerVerification.this.clock.instant(), this.problemCount == 0, events,
					this.expectedPosition, this.sizes.size(), sealed, cosigners, this.problemCount,
					List.copyOf(this.problems));
		}

		private void position(ChainRow chained, StoredEvent stored) {
			if (chained.position() != this.expectedPosition) {
				problem(Problem.about("chain-altered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "the chain jumps from position " + (this.expectedPosition - 1) + " to "
								+ chained.position() + ": chain entries were removed"));
			}
			this.expectedPosition = chained.position() + 1;
			byte[] eventHash = chained.eventHash();
			boolean flagged = stored == null || !stored.eventId().equals(chained.eventId());
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
			else if (chained.envelope() != StoredEvent.ENVELOPE
					&& chained.envelope() != StoredEvent.ENVELOPE_WITHOUT_TYPE
					|| chained.envelope() == StoredEvent.ENVELOPE_WITHOUT_TYPE && this.macs) {
				flagged = true;
				problem(Problem.about("chain-altered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(),
						"event " + chained.eventId() + " (" + chained.aggregateId() + " #" + chained.sequence()
								+ ") claims envelope " + chained.envelope()
								+ ", which the ledger no longer writes here: it did not append it"));
			}
			else {
				eventHash = stored.eventHash(chained.envelope());
				flagged = !Arrays.equals(eventHash, chained.eventHash());
				if (flagged) {
					problem(Problem.about("modified", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
							chained.position(),
							"event " + chained.eventId() + " (" + chained.aggregateId() + " #" + chained.sequence()
									+ ") no longer matches its hash: its stored content was altered"));
				}
			}
			Link previous = this.streams.get(chained.aggregateId());
			long expectedSequence = (previous == null) ? 0 : previous.sequence() + 1;
			byte[] streamHash = Chain.streamLink((previous == null) ? Hashes.GENESIS : previous.hash(), eventHash);
			if (chained.sequence() != expectedSequence || !Arrays.equals(streamHash, chained.streamHash())) {
				problem(Problem.about("chain-altered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "the stream chain of " + chained.aggregateId() + " breaks at #"
								+ chained.sequence() + " (expected #" + expectedSequence + ")"));
			}
			this.streams.put(chained.aggregateId(), new Link(chained.sequence(), streamHash));
			byte[] leaf = Chain.leafHash(chained.position(), chained.globalIndex(), eventHash, streamHash);
			this.macs |= chained.envelope() == StoredEvent.ENVELOPE;
			if (this.macs && !LedgerVerification.this.macs.matches(leaf, chained.leafMac())) {
				this.named.add(chained.position());
			}
			if (!flagged && !this.named.isEmpty() && this.named.get(this.named.size() - 1) == chained.position()) {
				problem(Problem.about("modified", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(),
						"event " + chained.eventId() + " (" + chained.aggregateId() + " #" + chained.sequence()
								+ ") is not the event the ledger sealed at position " + chained.position()
								+ ": its leaf no longer carries the ledger's MAC (the event or its stream was altered,"
								+ " whatever was recomputed around it)"));
			}
			// The ledger chain links the stored leaf: the recomputed one unless the
			// hashes differ.
			byte[] storedLeaf = (Arrays.equals(eventHash, chained.eventHash())
					&& Arrays.equals(streamHash, chained.streamHash())) ? leaf
							: Chain.leafHash(chained.position(), chained.globalIndex(), chained.eventHash(),
									chained.streamHash());
			this.ledgerHash = Chain.ledgerLink(this.ledgerHash, storedLeaf);
			if (!Arrays.equals(this.ledgerHash, chained.ledgerHash())) {
				problem(Problem.about("chain-altered", chained.aggregateId(), chained.eventId(), chained.globalIndex(),
						chained.position(), "the ledger chain breaks at position " + chained.position()));
				this.ledgerHash = chained.ledgerHash();
			}
			this.tree.append(leaf);
			this.heads.put(new StreamHeads.Head(chained.aggregateId(), chained.sequence() + 1, streamHash,
					chained.position()));
			if (this.roots.containsKey(this.tree.size())) {
				this.roots.put(this.tree.size(), this.tree.root());
				this.headsRoots.put(this.tree.size(), this.heads.root());
			}
		}

		/**
		 * Every stored checkpoint: a trusted key signed it, its claims are what the
		 * stored events give; the newest is cosigned by a quorum of witnesses. Returns
		 * the newest's cosigners.
		 */
		private List<String> checkCheckpoints() {
			long lastGood = 0;
			List<String> cosigners = List.of();
			for (int i = 0; i < this.sizes.size(); i++) {
				Held checkpoint = this.held.get(this.sizes.get(i));
				boolean newest = i == this.sizes.size() - 1;
				List<String> faults = new ArrayList<>();
				SignedNote note;
				LedgerCheckpoint claims;
				try {
					note = checkpoint.note();
					claims = LedgerCheckpoint.parse(note.body());
				}
				catch (IllegalArgumentException ex) {
					problem(new Problem("checkpoint-invalid", null, null, null, null, checkpoint.size(),
							"checkpoint of " + checkpoint.size() + " positions is not a ledger checkpoint: "
									+ ex.getMessage()));
					continue;
				}
				TrustPolicy.Verdict verdict = this.trust.judge(note);
				if (!verdict.forged().isEmpty()) {
					faults.add("it carries a forged signature (" + String.join("; ", verdict.forged()) + ")");
				}
				if (verdict.signers().isEmpty()) {
					faults.add("no key the configuration trusts signed it");
				}
				if (!claims.origin().equals(LedgerVerification.this.origin)) {
					faults.add("its origin is " + claims.origin() + ", not this ledger's "
							+ LedgerVerification.this.origin);
				}
				if (newest) {
					cosigners = verdict.cosigners();
					// Witnesses are asked after each seal: a checkpoint just sealed is
					// not late yet.
					boolean late = checkpoint.sealedAt()
						.isBefore(
								LedgerVerification.this.clock.instant().minus(LedgerVerification.this.cosigningGrace));
					if (late && verdict.cosigners().size() < verdict.quorum()) {
						faults.add("it is the newest and " + verdict.cosigners().size() + " of the " + verdict.quorum()
								+ " witness cosignatures required verify");
					}
				}
				if (claims.size() != checkpoint.size()) {
					faults.add("its note says " + claims.size() + " positions");
				}
				byte[] root = this.roots.get(checkpoint.size());
				if (root == null) {
					faults.add("the chain holds only " + this.tree.size() + " positions: positions " + this.tree.size()
							+ ".." + (checkpoint.size() - 1) + " were removed");
				}
				else if (!Arrays.equals(root, claims.root())) {
					faults.add("the stored events no longer give its root: an event at a position from " + lastGood
							+ " to " + (checkpoint.size() - 1) + " was altered"
							+ (this.named.isEmpty() ? " (the events that changed are not named: see the problems above)"
									: ", first named at position " + this.named.get(0)));
				}
				else if (!Arrays.equals(this.headsRoots.get(checkpoint.size()), claims.headsRoot())) {
					faults.add("its stream heads are not the heads of the chained events");
				}
				else {
					lastGood = checkpoint.size();
				}
				if (!faults.isEmpty()) {
					problem(new Problem("checkpoint-invalid", null, null, null, null, checkpoint.size() - 1,
							"checkpoint of " + checkpoint.size() + " positions: " + String.join("; ", faults)));
				}
			}
			return cosigners;
		}

		/**
		 * The newest checkpoint a witness cosigned must be one the store still gives, and
		 * no smaller than a cosignature of it the store holds.
		 */
		private void checkWitnessed(String witness, WitnessCosigning.Witnessed answer) {
			if (answer.fault() != null) {
				problem(new Problem("witness-unanswered", null, null, null, null, null, "witness " + witness + " "
						+ answer.fault() + ": whether the store still holds what it cosigned is not known"));
				return;
			}
			long stored = this.cosignedByWitness.getOrDefault(witness, 0L);
			Optional<Long> size = (answer.note() != null) ? sizeOf(answer.note()) : Optional.of(0L);
			if (size.isEmpty()) {
				problem(new Problem("witness-unanswered", null, null, null, null, null,
						"witness " + witness + " answered a note that is not a ledger checkpoint"));
				return;
			}
			if (size.get() < stored) {
				problem(new Problem("witness-rolled-back", null, null, null, null, stored - 1,
						"witness " + witness + " says it cosigned " + size.get()
								+ " positions last, but the store holds its cosignature of " + stored
								+ ": the witness's state was rolled back"));
			}
			if (answer.note() == null) {
				return;
			}
			byte[] root = this.roots.get(size.get());
			LedgerCheckpoint claims = LedgerCheckpoint.parse(answer.note().body());
			if (root == null) {
				problem(new Problem("history-cut", null, null, null, null, size.get() - 1,
						"witness " + witness + " cosigned a tree of " + size.get() + " positions, but the store holds "
								+ this.tree.size() + ": positions " + this.tree.size() + ".." + (size.get() - 1)
								+ " were removed"));
			}
			else if (!Arrays.equals(root, claims.root())) {
				problem(new Problem("history-rewritten", null, null, null, null, size.get() - 1, "witness " + witness
						+ " cosigned a tree of " + size.get() + " positions that the stored events no longer give"));
			}
			else if (!this.held.containsKey(size.get())) {
				problem(new Problem("checkpoint-invalid", null, null, null, null, size.get() - 1, "witness " + witness
						+ " cosigned a checkpoint of " + size.get() + " positions that the store no longer holds"));
			}
		}

		/** A checkpoint the caller trusts: the store must give it, or extend it. */
		private void checkTrusted(SignedNote note) {
			TrustPolicy.Verdict verdict = this.trust.judge(note);
			Optional<Long> size = sizeOf(note);
			if (verdict.signers().isEmpty() || !verdict.forged().isEmpty() || size.isEmpty()) {
				problem(new Problem("trusted-checkpoint-invalid", null, null, null, null, null,
						"the trusted checkpoint given is not a ledger checkpoint signed by a trusted key"));
				return;
			}
			byte[] root = this.roots.get(size.get());
			if (root == null) {
				problem(new Problem("history-cut", null, null, null, null, size.get() - 1,
						"the trusted checkpoint has " + size.get() + " positions, but the store holds "
								+ this.tree.size() + ": positions " + this.tree.size() + ".." + (size.get() - 1)
								+ " were removed"));
			}
			else if (!Arrays.equals(root, LedgerCheckpoint.parse(note.body()).root())) {
				problem(new Problem("history-rewritten", null, null, null, null, size.get() - 1,
						"the stored events no longer give the trusted checkpoint of " + size.get() + " positions"));
			}
		}

		private List<AuditHead> committedAuditHeads() {
			List<AuditHead> heads = new ArrayList<>();
			for (Long size : this.sizes) {
				try {
					LedgerCheckpoint claims = LedgerCheckpoint.parse(this.held.get(size).note().body());
					heads.add(new AuditHead(claims.auditCount(), claims.auditHead()));
				}
				catch (IllegalArgumentException ex) {
					// reported by checkCheckpoints
				}
			}
			return heads;
		}

		private Optional<Long> sizeOf(SignedNote note) {
			try {
				return Optional.of(LedgerCheckpoint.parse(note.body()).size());
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}

		private void problem(Problem problem) {
			this.problemCount++;
			if (this.problems.size() < LISTED) {
				this.problems.add(problem);
			}
		}

	}

	private record Held(long size, String text, Instant sealedAt, List<String> cosignatures) {

		Held(long size, String text, Instant sealedAt) {
			this(size, text, sealedAt, new ArrayList<>());
		}

		SignedNote note() {
			return SignedNote.parse(this.text).plus(this.cosignatures.stream().map(SignatureLine::parse).toList());
		}

	}

	private record ChainRow(long position, long globalIndex, String eventId, String aggregateId, long sequence,
			byte[] eventHash, byte[] streamHash, byte[] ledgerHash, int envelope, byte[] leafMac) {
	}

	private record Link(long sequence, byte[] hash) {
	}

}
