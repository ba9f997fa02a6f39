package kz.consentledger.command.proof;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.proof.TopLevelCheckpoint;
import kz.consentledger.proof.TrustPolicy;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;
import kz.consentledger.service.shard.ShardClient;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import kz.consentledger.service.shard.Shards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals the top-level checkpoint of a sharded ledger ({@link TopLevelCheckpoint}): on the
 * instances of the first shard in the map, every
 * {@code ledger.proof.checkpoint-interval}. For each shard it reads the newest
 * checkpoints from the shard's command service and takes the newest one signed by the
 * ledger's key under that shard's origin and cosigned by this service's witness quorum: a
 * witness cosigns only a tree consistent with every tree of that log it cosigned before,
 * so a shard whose history was cut or rewritten, even if it grew back past its old size,
 * gets no head past what the witnesses saw. It checks that every shard runs the same map,
 * and that no head went back from the newest top-level checkpoint, then signs the heads
 * together when one moved. Instances take turns under a lock and compare with the newest
 * note inside it.
 */
@Component
public class TopLevelSealer {

	private static final Logger LOG = LoggerFactory.getLogger(TopLevelSealer.class);

	/** A hundred checkpoints with their cosignatures take well under this. */
	private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

	/** How far back a shard's witnessed checkpoint is looked for. */
	private static final int CHECKPOINTS_READ = 100;

	private static final long SEAL_LOCK = 0x6c65646765720003L;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Shards shards;

	private final SigningKey key;

	private final TrustPolicy trust;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ShardClient client = new ShardClient(Duration.ofSeconds(10), MAX_RESPONSE_BYTES);

	/** The newest note this instance signed or read: a hidden row does not undo it. */
	private volatile Stored highest;

	private volatile Instant highestReadAt = Instant.MIN;

	private final Object remembering = new Object();

	/** Why the last round failed, or null: the checkpoints' health says it. */
	private volatile String failure;

	private String lastLogged;

	TopLevelSealer(Shards shards, SigningKey key, TrustPolicy trust, JdbcTemplate jdbc,
			TransactionTemplate transactions, Clock clock) {
		this.shards = shards;
		this.key = key;
		this.trust = trust;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ledger.proof.checkpoint-interval}",
			initialDelayString = "${ledger.proof.checkpoint-interval}")
	void sealOnSchedule() {
		if (!this.shards.sealsTopLevel()) {
			return;
		}
		try {
			seal();
			this.lastLogged = null;
		}
		catch (RuntimeException ex) {
			if (!String.valueOf(ex.getMessage()).equals(this.lastLogged)) {
				LOG.error("sealing the top-level checkpoint failed: {}", ex.getMessage());
				this.lastLogged = String.valueOf(ex.getMessage());
			}
		}
	}

	/** Why the last round failed, or null. */
	String failure() {
		return this.failure;
	}

	/**
	 * Reads every shard's witnessed head and signs them together if one moved since the
	 * newest top-level checkpoint; returns the note made.
	 * @throws IllegalStateException when a shard cannot be read, runs another map, or its
	 * head is not one the newest top-level checkpoint allows
	 */
	public synchronized Optional<SignedNote> seal() {
		try {
			if (this.trust.quorum() == 0) {
				throw new IllegalStateException("the top-level checkpoint takes only witnessed shard heads: set "
						+ "ledger.proof.witnesses and a witness-quorum of at least 1");
			}
			Optional<Stored> before = newestStored();
			List<TreeHead> heads = new ArrayList<>();
			for (Shard shard : this.shards.all()) {
				requireSameMap(shard);
				heads.add(headOf(shard));
			}
			Optional<SignedNote> made = this.transactions.execute((status) -> {
				this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", SEAL_LOCK);
				Optional<Stored> previous = newestStored();
				if (!previous.map(Stored::text).equals(before.map(Stored::text))) {
					// Another instance sealed while this one read the shards: its heads
					// are
					// as new, or newer.
					return Optional.<SignedNote>empty();
				}
				previous.ifPresent((stored) -> {
					for (int i = 0; i < heads.size(); i++) {
						requireExtends(this.shards.all().get(i), stored.checkpoint(), heads.get(i));
					}
				});
				// Never earlier than the note it follows, whatever this host's clock
				// says:
				// the newest note is the latest sealed.
				Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
				Instant sealedAt = previous.map((stored) -> stored.checkpoint().sealedAt().plusSeconds(1))
					.filter(now::isBefore)
					.orElse(now);
				TopLevelCheckpoint next = new TopLevelCheckpoint(this.shards.topLevelOrigin(), sealedAt,
						this.shards.digest(), heads);
				if (previous.isPresent() && sameHeads(previous.get().checkpoint(), next)) {
					return Optional.<SignedNote>empty();
				}
				NoteSigner signer = this.key.noteSigner(this.shards.topLevelOrigin());
				SignedNote note = new SignedNote(next.body(), List.of(signer.sign(next.body(), 0)));
				this.jdbc.update("INSERT INTO ledger.top_level_checkpoint (note, sealed_at) VALUES (?, ?)", note.text(),
						Timestamp.from(next.sealedAt()));
				remember(new Stored(note, next));
				return Optional.of(note);
			});
			this.failure = null;
			return made;
		}
		catch (RuntimeException ex) {
			this.failure = String.valueOf(ex.getMessage());
			throw ex;
		}
	}

	/**
	 * The newest top-level checkpoint: the latest sealed of the notes the ledger signed.
	 * Read from the store at most once a second: anyone may ask for it.
	 */
	public Optional<SignedNote> newest() {
		Stored remembered = this.highest;
		if (remembered != null && this.clock.instant().isBefore(this.highestReadAt.plusSeconds(1))) {
			return Optional.of(remembered.note());
		}
		return newestStored().map(Stored::note);
	}

	/**
	 * The newest of the notes stored and the one this instance last signed or read: a row
	 * hidden later does not undo it.
	 */
	private Optional<Stored> newestStored() {
		Optional<Stored> stored = newestNote();
		stored.ifPresent(this::remember);
		this.highestReadAt = this.clock.instant();
		return Optional.ofNullable(this.highest);
	}

	private void remember(Stored stored) {
		synchronized (this.remembering) {
			if (this.highest == null || this.highest.checkpoint().sealedAt().isBefore(stored.checkpoint().sealedAt())) {
				this.highest = stored;
			}
		}
	}

	/**
	 * Of the newest rows, the note with the latest sealing time that the ledger's key
	 * signed under the top-level origin; rows that are not such notes (slipped in by
	 * whoever may insert there) are passed over, and a row's place in the table does not
	 * decide which note is newest.
	 */
	private Optional<Stored> newestNote() {
		NoteVerifier verifier = this.key.noteSigner(this.shards.topLevelOrigin()).verifier();
		List<Stored> valid = new ArrayList<>();
		for (String text : this.jdbc.queryForList(
				"SELECT note FROM ledger.top_level_checkpoint ORDER BY sequence DESC LIMIT 100", String.class)) {
			try {
				SignedNote note = SignedNote.parse(text);
				if (!note.verifiedBy(verifier).isEmpty()) {
					valid.add(new Stored(note, TopLevelCheckpoint.parse(note.body())));
				}
			}
			catch (IllegalArgumentException ex) {
				// not a note the ledger signed: passed over
			}
		}
		return valid.stream().max(Comparator.comparing((Stored stored) -> stored.checkpoint().sealedAt()));
	}

	private record Stored(SignedNote note, TopLevelCheckpoint checkpoint) {

		String text() {
			return this.note.text();
		}

	}

	/**
	 * The newest of the shard's checkpoints signed under its origin and cosigned by the
	 * witness quorum; size 0 while the shard has sealed none.
	 */
	private TreeHead headOf(Shard shard) {
		String origin = this.shards.originOf(shard);
		JsonNode checkpoints = json(shard, "/api/v1/ledger/checkpoints?limit=" + CHECKPOINTS_READ);
		if (!checkpoints.isArray()) {
			throw new IllegalStateException("shard " + shard.name() + " answered no list of checkpoints");
		}
		if (checkpoints.isEmpty()) {
			return new TreeHead(origin, 0, MerkleTree.root(List.of()), List.of());
		}
		TrustPolicy policy = this.trust.withLedgerKeys(List.of(this.key.noteSigner(origin).verifier()));
		for (JsonNode checkpoint : checkpoints) {
			try {
				SignedNote note = SignedNote.parse(checkpoint.path("note").asString(""));
				TreeHead head = TreeHead.parse(note.body());
				if (head.origin().equals(origin) && policy.judge(note).trusted()) {
					return head;
				}
			}
			catch (IllegalArgumentException ex) {
				// not a checkpoint of this shard's log: the next one may be
			}
		}
		throw new IllegalStateException(
				"none of shard " + shard.name() + "'s newest " + checkpoints.size() + " checkpoints is signed as "
						+ origin + " and cosigned by " + this.trust.quorum() + " of this ledger's witnesses");
	}

	/** Instances given different maps would route one operator two ways. */
	private void requireSameMap(Shard shard) {
		JsonNode map = json(shard, "/api/v1/ledger/shards/map");
		String digest = Base64.getEncoder().encodeToString(this.shards.digest());
		if (!shard.name().equals(map.path("shard").asString("")) || !digest.equals(map.path("digest").asString(""))) {
			throw new IllegalStateException("shard " + shard.name() + " at " + Shards.base(shard.commandUrl())
					+ " runs as shard " + map.path("shard").asString("none") + " with another shard map (digest "
					+ map.path("digest").asString("none") + ", this one's " + digest + ")");
		}
	}

	private JsonNode json(Shard shard, String path) {
		String body = fetch(shard, path);
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("shard " + shard.name() + " answered no JSON at " + path, ex);
		}
	}

	/** A GET of the shard's command service, bounded in time and size. */
	private String fetch(Shard shard, String path) {
		return this.client.get(shard, URI.create(Shards.base(shard.commandUrl()) + path), Map.of());
	}

	/** The same heads under the same map: the root over the shard lines says it. */
	private static boolean sameHeads(TopLevelCheckpoint before, TopLevelCheckpoint now) {
		return Arrays.equals(before.treeHead().root(), now.treeHead().root())
				&& before.shardHeads().size() == now.shardHeads().size()
				&& Arrays.equals(before.mapDigest(), now.mapDigest());
	}

	private static void requireExtends(Shard shard, TopLevelCheckpoint before, TreeHead now) {
		before.headOf(now.origin()).ifPresent((then) -> {
			if (now.size() < then.size() || (now.size() == then.size() && !Arrays.equals(now.root(), then.root()))) {
				throw new IllegalStateException("the newest witnessed checkpoint of shard " + shard.name() + " ("
						+ now.origin() + ") is " + now.size() + " positions with another root than the " + then.size()
						+ " positions the newest top-level checkpoint covers: its history was cut or rewritten");
			}
		});
	}

}
