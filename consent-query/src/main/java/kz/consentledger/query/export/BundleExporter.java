package kz.consentledger.query.export;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.LedgerCheckpoint;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.proof.StreamHeads;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.query.QueryProperties;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.store.LedgerEvents;
import kz.consentledger.query.store.LedgerEvents.ChainedEvent;
import kz.consentledger.replay.StoredPayloads;
import kz.consentledger.service.proof.LedgerProofs;
import kz.consentledger.storage.LedgerStorage;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds export bundles (docs/verifying-a-bundle.md, docs/bundle.schema.json). The bundle
 * is RFC 8785 canonical JSON signed as a whole by the ledger key; its events are proven
 * by RFC 9162 inclusion proofs under one checkpoint note, which witnesses cosigned, and a
 * subject bundle proves by the checkpoint's stream heads that it holds the whole stream.
 */
@Component
public class BundleExporter {

	/** The bundle format this service writes and the verifier reads. */
	public static final String FORMAT = "kz.consentledger.bundle/v2";

	/** An operator export larger than this must be split into shorter ranges. */
	static final int MAX_EVENTS = 50_000;

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	private final LedgerEvents events;

	private final LedgerProofs proofs;

	private final JdbcTemplate jdbc;

	private final SigningKey signer;

	private final Clock clock;

	private final String origin;

	private final int quorum;

	private final JsonMapper json = JsonMapper.builder().build();

	BundleExporter(LedgerEvents events, LedgerProofs proofs, JdbcTemplate jdbc, SigningKey signer, Clock clock,
			QueryProperties properties) {
		this.events = events;
		this.proofs = proofs;
		this.jdbc = jdbc;
		this.signer = signer;
		this.clock = clock;
		this.origin = properties.proof().origin();
		this.quorum = properties.proof().witnessQuorum();
	}

	/**
	 * Every event of the subject, and the policy versions they refer to; with a
	 * consistency proof to the tree of {@code trustedSize} positions when it is given.
	 */
	public byte[] subject(String operator, String subject, String actor, String reason, Long trustedSize) {
		return subject(operator, subject, actor, reason, trustedSize, null);
	}

	/**
	 * A subject bundle of a {@link Profile}: the same events and proofs, with the
	 * profile's members made from them and signed with the rest.
	 */
	public byte[] subject(String operator, String subject, String actor, String reason, Long trustedSize,
			Profile profile) {
		String aggregateId = LedgerStorage.subjectStream(operator, subject);
		List<ChainedEvent> stream = this.events.stream(aggregateId);
		if (stream.isEmpty()) {
			throw new NotFoundException("subject", "subject " + subject + " is not known at operator " + operator);
		}
		Set<String> versions = new LinkedHashSet<>();
		for (ChainedEvent event : stream) {
			Object payload = StoredPayloads.read(event.stored());
			if (payload instanceof ConsentGranted granted) {
				versions.add(granted.policyVersion());
			}
			else if (payload instanceof PolicyAccepted accepted) {
				versions.add(accepted.policyVersion());
			}
		}
		List<ChainedEvent> policies = this.events.stream(operator).stream().filter((event) -> {
			Object payload = StoredPayloads.read(event.stored());
			return payload instanceof PolicyVersionPublished published && versions.contains(published.version());
		}).toList();
		ObjectNode scope = this.json.createObjectNode()
			.put("kind", "subject")
			.put("operator", operator)
			.put("subject", subject);
		Instant exportedAt = this.clock.instant();
		ObjectNode members = this.json.createObjectNode();
		if (profile != null) {
			members.put("profile", profile.name());
			members.setAll(profile.members(stream, policies, exportedAt));
		}
		return bundle(scope, stream, policies, aggregateId, actor, reason, trustedSize, exportedAt, members);
	}

	/** Every event of the operator appended in {@code [from, to)} (ledger time). */
	public byte[] operator(String operator, Instant from, Instant to, String actor, String reason, Long trustedSize) {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
		}
		List<ChainedEvent> range = this.events.operatorRange(operator, from, to, MAX_EVENTS + 1);
		if (range.size() > MAX_EVENTS) {
			throw new IllegalArgumentException("operator " + operator + " has more than " + MAX_EVENTS
					+ " events between " + from + " and " + to + ": export shorter ranges");
		}
		ObjectNode scope = this.json.createObjectNode()
			.put("kind", "operator")
			.put("operator", operator)
			.put("from", from.toString())
			.put("to", to.toString());
		return bundle(scope, range, List.of(), null, actor, reason, trustedSize, this.clock.instant(),
				this.json.createObjectNode());
	}

	private byte[] bundle(ObjectNode scope, List<ChainedEvent> events, List<ChainedEvent> policies, String streamId,
			String actor, String reason, Long trustedSize, Instant exportedAt, ObjectNode members) {
		SignedNote note = checkpoint();
		LedgerCheckpoint checkpoint = LedgerCheckpoint.parse(note.body());
		long size = checkpoint.size();
		if (trustedSize != null && (trustedSize < 0 || trustedSize > newestSize())) {
			throw new IllegalArgumentException(
					"trustedSize " + trustedSize + " is not the size of a tree this ledger sealed");
		}
		// One read of the leaves per export; the tree remembers the subtrees proofs
		// share.
		MerkleTree.SubtreeHashes tree = MerkleTree.over(this.proofs.leaves(0, size));
		ObjectNode bundle = this.json.createObjectNode();
		bundle.put("format", FORMAT);
		bundle.set("scope", scope);
		bundle.put("exportedAt", exportedAt.toString());
		bundle.set("exportedFor", this.json.createObjectNode().put("actor", actor).put("reason", reason));
		bundle.put("checkpoint", note.text());
		bundle.set("events", entries(events, size, tree));
		bundle.set("policies", entries(policies, size, tree));
		if (streamId != null) {
			ObjectNode head = streamHead(streamId, size);
			if (head != null) {
				bundle.set("streamHead", head);
			}
			else {
				bundle.putNull("streamHead");
			}
		}
		if (trustedSize != null) {
			long other = trustedSize;
			ObjectNode consistency = bundle.putObject("consistency").put("other", other);
			hashes(consistency.putArray("proof"),
					this.proofs.consistencyProof(Math.min(other, size), Math.max(other, size)));
		}
		ArrayNode history = bundle.putArray("keyHistory");
		this.jdbc.query("SELECT note FROM ledger.key_rotation ORDER BY sequence", (row) -> {
			history.add(row.getString(1));
		});
		bundle.setAll(members);
		bundle.set("ledgerKey",
				this.json.createObjectNode()
					.put("vkey", this.signer.noteSigner(this.origin).verifier().vkey())
					.put("publicKey", this.signer.publicKeyPem()));
		byte[] unsigned = Hashes.canonical(bundle);
		bundle.put("signature", BASE64.encodeToString(this.signer.sign(unsigned)));
		return Hashes.canonical(bundle);
	}

	/**
	 * The newest checkpoint holding the configured quorum of cosignatures, else the
	 * newest: a checkpoint the witnesses have not reached yet would not verify where they
	 * are required.
	 */
	private SignedNote checkpoint() {
		List<Long> cosigned = this.jdbc.query("""
				SELECT t.size FROM ledger.tree_head t
				WHERE (SELECT count(*) FROM ledger.cosignature c WHERE c.size = t.size) >= ?
				ORDER BY t.size DESC LIMIT 1""", (row, n) -> row.getLong(1), this.quorum);
		return (cosigned.isEmpty() ? this.proofs.newestCheckpoint() : this.proofs.checkpoint(cosigned.get(0)))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"the ledger has sealed no checkpoint yet: export again after the next one"));
	}

	private long newestSize() {
		Long newest = this.jdbc.queryForObject("SELECT max(size) FROM ledger.tree_head", Long.class);
		return (newest != null) ? newest : 0;
	}

	private ArrayNode entries(List<ChainedEvent> events, long size, MerkleTree.SubtreeHashes tree) {
		ArrayNode entries = this.json.createArrayNode();
		for (ChainedEvent event : events) {
			var stored = event.stored();
			ObjectNode entry = entries.addObject();
			entry.put("position", event.position());
			entry.put("globalIndex", stored.globalIndex());
			entry.put("eventId", stored.eventId());
			entry.put("aggregateId", stored.aggregateId());
			entry.put("aggregateSequence", stored.aggregateSequence());
			entry.put("aggregateType", stored.aggregateType());
			entry.put("payloadType", stored.payloadType());
			entry.put("payloadRevision", stored.payloadRevision());
			entry.put("timestamp", stored.timestamp());
			entry.put("payload", new String(stored.payload(), StandardCharsets.UTF_8));
			entry.put("metadata",
					(stored.metadata() != null) ? new String(stored.metadata(), StandardCharsets.UTF_8) : null);
			entry.put("envelope", event.envelope());
			entry.put("eventHash", hex(event.eventHash()));
			entry.put("streamHash", hex(event.streamHash()));
			if (event.position() != null && event.position() < size) {
				hashes(entry.putArray("inclusionProof"), MerkleTree.inclusionProof(event.position(), size, tree));
			}
			else {
				// Not sealed yet: the bundle signature alone covers it.
				entry.putNull("inclusionProof");
			}
		}
		return entries;
	}

	/**
	 * The stream's head as the checkpoint's stream heads hold it, with its inclusion
	 * proof under the heads root; null when the checkpoint holds none of its events.
	 */
	private ObjectNode streamHead(String aggregateId, long size) {
		StreamHeads heads = this.proofs.streamHeads(size);
		StreamHeads.Head head = heads.get(aggregateId);
		if (head == null) {
			return null;
		}
		int index = heads.indexOf(aggregateId);
		ObjectNode node = this.json.createObjectNode()
			.put("aggregateId", aggregateId)
			.put("length", head.length())
			.put("streamHash", Hashes.hex(head.streamHash()))
			.put("position", head.position())
			.put("index", index)
			.put("count", heads.size());
		hashes(node.putArray("proof"), MerkleTree.auditPath(heads.leafHashes(), index));
		return node;
	}

	/**
	 * A document made from a subject's proven events and carried in its bundle (an access
	 * answer): the verifier checks the bundle as any other, and the profile's members by
	 * the profile's rules.
	 */
	public interface Profile {

		/** The bundle's {@code profile} member. */
		String name();

		/**
		 * The members the profile adds, made from the bundle's events and policy
		 * versions.
		 */
		ObjectNode members(List<ChainedEvent> events, List<ChainedEvent> policies, Instant exportedAt);

	}

	private static void hashes(ArrayNode array, List<byte[]> hashes) {
		hashes.forEach((hash) -> array.add(BASE64.encodeToString(hash)));
	}

	private static String hex(byte[] bytes) {
		return (bytes != null) ? Hashes.hex(bytes) : null;
	}

}
