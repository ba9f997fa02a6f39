package kz.consentledger.command.proof;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.proof.TopLevelCheckpoint;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import kz.consentledger.service.shard.Shards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Seals the top-level checkpoint of a sharded ledger ({@link TopLevelCheckpoint}): on the
 * instances of the first shard in the map, every
 * {@code ledger.proof.checkpoint-interval}, it reads each shard's newest checkpoint from
 * the shard's command service, checks the ledger's signature under that shard's origin,
 * refuses a head that shrank or changed at the same size since the last top-level
 * checkpoint (a shard whose history was cut or rewritten; growth is the witnesses' to
 * check, by consistency proofs of each shard's own log), and signs the heads together
 * under the top-level origin when one of them moved. Several instances may seal: each
 * note is a complete statement, and the newest is the one served.
 */
@Component
public class TopLevelSealer {

	private static final Logger LOG = LoggerFactory.getLogger(TopLevelSealer.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final int MAX_NOTE_BYTES = 64 * 1024;

	private final Shards shards;

	private final SigningKey key;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	/** Why the last round failed, or null: the checkpoints' health says it. */
	private volatile String failure;

	private String lastLogged;

	TopLevelSealer(Shards shards, SigningKey key, JdbcTemplate jdbc, Clock clock) {
		this.shards = shards;
		this.key = key;
		this.jdbc = jdbc;
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
		}
		catch (RuntimeException ex) {
			if (!String.valueOf(ex.getMessage()).equals(this.lastLogged)) {
				LOG.error("sealing the top-level checkpoint failed: {}", ex.getMessage());
				this.lastLogged = String.valueOf(ex.getMessage());
			}
		}
	}

	/** Why the last scheduled round failed, or null. */
	String failure() {
		return this.failure;
	}

	/**
	 * Reads every shard's head and signs them together if one moved since the newest
	 * top-level checkpoint; returns the note made.
	 * @throws IllegalStateException when a shard cannot be read or its head is not one
	 * the newest top-level checkpoint allows
	 */
	public synchronized Optional<SignedNote> seal() {
		try {
			Optional<TopLevelCheckpoint> previous = newest().map((note) -> TopLevelCheckpoint.parse(note.body()));
			List<TreeHead> heads = new ArrayList<>();
			for (Shard shard : this.shards.all()) {
				TreeHead head = headOf(shard);
				previous.flatMap((checkpoint) -> checkpoint.headOf(head.origin()))
					.ifPresent((before) -> requireExtends(shard, before, head));
				heads.add(head);
			}
			TopLevelCheckpoint next = new TopLevelCheckpoint(this.shards.topLevelOrigin(), heads);
			this.failure = null;
			if (previous.isPresent() && previous.get().body().equals(next.body())) {
				return Optional.empty();
			}
			Instant now = this.clock.instant();
			NoteSigner signer = this.key.noteSigner(this.shards.topLevelOrigin());
			SignedNote note = new SignedNote(next.body(), List.of(signer.sign(next.body(), now.getEpochSecond())));
			this.jdbc.update("INSERT INTO ledger.top_level_checkpoint (note, sealed_at) VALUES (?, ?)", note.text(),
					Timestamp.from(now));
			return Optional.of(note);
		}
		catch (RuntimeException ex) {
			this.failure = String.valueOf(ex.getMessage());
			throw ex;
		}
	}

	/**
	 * The newest top-level checkpoint stored; a row that is not a signed note of the
	 * top-level origin (slipped in by whoever may insert there) is passed over.
	 */
	public Optional<SignedNote> newest() {
		NoteVerifier verifier = this.key.noteSigner(this.shards.topLevelOrigin()).verifier();
		for (String text : this.jdbc.queryForList(
				"SELECT note FROM ledger.top_level_checkpoint ORDER BY sequence DESC LIMIT 20", String.class)) {
			try {
				SignedNote note = SignedNote.parse(text);
				if (!note.verifiedBy(verifier).isEmpty()) {
					TopLevelCheckpoint.parse(note.body());
					return Optional.of(note);
				}
			}
			catch (IllegalArgumentException ex) {
				// not a note the ledger signed: passed over
			}
		}
		return Optional.empty();
	}

	/**
	 * The shard's newest checkpoint as it serves it, checked; size 0 before its first.
	 */
	private TreeHead headOf(Shard shard) {
		String origin = this.shards.originOf(shard);
		URI uri = URI.create(shard.commandUrl().toString().replaceAll("/+$", "") + "/api/v1/ledger/checkpoint");
		HttpResponse<InputStream> response;
		String body;
		try {
			response = this.http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				// A checkpoint with every cosignature it may hold is a few KiB: a shard
				// that sends more is not read further.
				byte[] bytes = in.readNBytes(MAX_NOTE_BYTES + 1);
				if (bytes.length > MAX_NOTE_BYTES) {
					throw new IllegalStateException("shard " + shard.name() + " sent more than " + MAX_NOTE_BYTES
							+ " bytes for its checkpoint at " + uri);
				}
				body = new String(bytes, StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("shard " + shard.name() + " does not answer at " + uri + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted reading shard " + shard.name(), ex);
		}
		if (response.statusCode() == 404) {
			return new TreeHead(origin, 0, MerkleTree.root(List.of()), List.of());
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"shard " + shard.name() + " answered " + response.statusCode() + " for its checkpoint at " + uri);
		}
		try {
			SignedNote note = SignedNote.parse(body);
			if (note.verifiedBy(this.key.noteSigner(origin).verifier()).isEmpty()) {
				throw new IllegalArgumentException("it is not signed by the ledger's key as " + origin);
			}
			TreeHead head = TreeHead.parse(note.body());
			if (!head.origin().equals(origin)) {
				throw new IllegalArgumentException("its origin is " + head.origin() + ", not " + origin);
			}
			return head;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"shard " + shard.name() + "'s checkpoint is not to be trusted: " + ex.getMessage(), ex);
		}
	}

	private static void requireExtends(Shard shard, TreeHead before, TreeHead now) {
		if (now.size() < before.size() || (now.size() == before.size() && !Arrays.equals(now.root(), before.root()))) {
			throw new IllegalStateException("shard " + shard.name() + "'s head is now " + now.size()
					+ " positions with another root than the " + before.size()
					+ " positions the newest top-level checkpoint covers: its history was cut or rewritten");
		}
	}

}
