package kz.consentledger.query.export;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.proof.Chain;
import kz.consentledger.proof.Checkpoint;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.store.LedgerEvents;
import kz.consentledger.query.store.LedgerEvents.ChainedEvent;
import kz.consentledger.storage.LedgerStorage;
import kz.consentledger.replay.StoredPayloads;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds export bundles. The bundle is RFC 8785 canonical JSON signed as a whole by the
 * ledger key (the {@code signature} member covers every other member), so any changed
 * byte either breaks the canonical form or a hash or a signature.
 */
@Component
public class BundleExporter {

	/** The bundle format this service writes and the verifier reads. */
	public static final String FORMAT = "kz.consentledger.bundle/v1";

	/** An operator export larger than this must be split into shorter ranges. */
	static final int MAX_EVENTS = 50_000;

	private final LedgerEvents events;

	private final JdbcTemplate jdbc;

	private final SigningKey signer;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	BundleExporter(LedgerEvents events, JdbcTemplate jdbc, SigningKey signer, Clock clock) {
		this.events = events;
		this.jdbc = jdbc;
		this.signer = signer;
		this.clock = clock;
	}

	/** Every event of the subject, and the policy versions they refer to. */
	public byte[] subject(String operator, String subject, String actor, String reason) {
		List<ChainedEvent> stream = this.events.stream(LedgerStorage.subjectStream(operator, subject));
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
		return bundle(scope, stream, policies, actor, reason);
	}

	/** Every event of the operator appended in {@code [from, to)} (ledger time). */
	public byte[] operator(String operator, Instant from, Instant to, String actor, String reason) {
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
		return bundle(scope, range, List.of(), actor, reason);
	}

	private byte[] bundle(ObjectNode scope, List<ChainedEvent> events, List<ChainedEvent> policies, String actor,
			String reason) {
		Map<Long, Proofs> proofs = proofs(events, policies);
		ObjectNode bundle = this.json.createObjectNode();
		bundle.put("format", FORMAT);
		bundle.set("scope", scope);
		bundle.put("exportedAt", this.clock.instant().toString());
		bundle.set("exportedFor", this.json.createObjectNode().put("actor", actor).put("reason", reason));
		bundle.set("ledgerKey",
				this.json.createObjectNode()
					.put("keyId", this.signer.keyId())
					.put("algorithm", "Ed25519")
					.put("publicKey", this.signer.publicKeyPem()));
		bundle.set("events", entries(events, proofs));
		bundle.set("policies", entries(policies, proofs));
		ArrayNode checkpoints = bundle.putArray("checkpoints");
		proofs.values().forEach((p) -> checkpoints.add(p.checkpointJson()));
		byte[] unsigned = Hashes.canonical(bundle);
		bundle.put("signature", Base64.getEncoder().encodeToString(this.signer.sign(unsigned)));
		return Hashes.canonical(bundle);
	}

	private ArrayNode entries(List<ChainedEvent> events, Map<Long, Proofs> proofs) {
		ArrayNode entries = this.json.createArrayNode();
		for (ChainedEvent event : events) {
			var stored = event.stored();
			ObjectNode entry = entries.addObject();
			entry.put("position", event.position());
			entry.put("globalIndex", stored.globalIndex());
			entry.put("eventId", stored.eventId());
			entry.put("aggregateId", stored.aggregateId());
			entry.put("aggregateSequence", stored.aggregateSequence());
			entry.put("payloadType", stored.payloadType());
			entry.put("payloadRevision", stored.payloadRevision());
			entry.put("timestamp", stored.timestamp());
			entry.put("payload", new String(stored.payload(), StandardCharsets.UTF_8));
			entry.put("metadata",
					(stored.metadata() != null) ? new String(stored.metadata(), StandardCharsets.UTF_8) : null);
			entry.put("eventHash", hex(event.eventHash()));
			entry.put("streamHash", hex(event.streamHash()));
			Proofs proof = (event.position() != null) ? proofs.values()
				.stream()
				.filter((p) -> p.checkpoint().covers(event.position()))
				.findFirst()
				.orElse(null) : null;
			if (proof != null) {
				entry.put("checkpoint", proof.checkpoint().number());
				ArrayNode path = entry.putArray("inclusionProof");
				proof.auditPath(event.position()).forEach((hash) -> path.add(Hashes.hex(hash)));
			}
			else {
				entry.putNull("checkpoint");
				entry.putArray("inclusionProof");
			}
		}
		return entries;
	}

	/**
	 * The checkpoints covering the events' positions, each with the leaves of its range.
	 */
	private Map<Long, Proofs> proofs(List<ChainedEvent> events, List<ChainedEvent> policies) {
		Map<Long, Proofs> proofs = new TreeMap<>();
		List<ChainedEvent> all = new ArrayList<>(events);
		all.addAll(policies);
		for (ChainedEvent event : all) {
			if (event.position() == null
					|| proofs.values().stream().anyMatch((p) -> p.checkpoint().covers(event.position()))) {
				continue;
			}
			this.jdbc.query("SELECT * FROM ledger.checkpoint WHERE first_position <= ? AND last_position >= ?",
					(row) -> {
						Checkpoint checkpoint = Checkpoint.fromRow(row);
						proofs.put(checkpoint.number(),
								new Proofs(checkpoint, row.getBytes("signature"), leaves(checkpoint)));
					}, event.position(), event.position());
		}
		return proofs;
	}

	private List<byte[]> leaves(Checkpoint checkpoint) {
		return this.jdbc.query("""
				SELECT position, global_index, event_hash, stream_hash FROM ledger.event_chain
				WHERE position BETWEEN ? AND ? ORDER BY position""",
				(row, n) -> Chain.leafHash(row.getLong(1), row.getLong(2), row.getBytes(3), row.getBytes(4)),
				checkpoint.firstPosition(), checkpoint.lastPosition());
	}

	private static String hex(byte[] bytes) {
		return (bytes != null) ? Hashes.hex(bytes) : null;
	}

	/** A checkpoint, its signature and its leaves. */
	private record Proofs(Checkpoint checkpoint, byte[] signature, List<byte[]> leaves) {

		List<byte[]> auditPath(long position) {
			return MerkleTree.auditPath(this.leaves, (int) (position - this.checkpoint.firstPosition()));
		}

		ObjectNode checkpointJson() {
			return this.checkpoint.toJson(Base64.getEncoder().encodeToString(this.signature));
		}

	}

}
