package kz.consentledger.verifier;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.proof.Chain;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.LedgerCheckpoint;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.StoredEvent;
import kz.consentledger.proof.StreamHeads;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A ledger held in memory with real Ed25519 keys: events chained as the command service
 * chains them, checkpoints signed by the ledger key and cosigned by a witness, and
 * bundles written member by member as docs/verifying-a-bundle.md describes them (not by
 * the exporter's code, so that the two are checked against the documentation).
 */
final class TestLedger {

	static final String ORIGIN = "test.consent-ledger.kz/ledger";

	static final String OPERATOR = "180440011034";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	final KeyPair ledgerKey = LedgerKeys.generate();

	final NoteSigner ledger = NoteSigner.ed25519(ORIGIN, this.ledgerKey);

	final NoteSigner witness = NoteSigner.cosigner("witness.test/w1", LedgerKeys.generate());

	private final List<Chained> chain = new ArrayList<>();

	private final Map<String, byte[]> streamHashes = new HashMap<>();

	/** Appends one policy acceptance to the subject's stream; returns its position. */
	long append(String subject) {
		String aggregateId = OPERATOR + ":" + subject;
		long sequence = this.chain.stream().filter((c) -> c.event().aggregateId().equals(aggregateId)).count();
		long position = this.chain.size();
		String payload = """
				{"operator":"%s","subject":"%s","policyVersion":"2026-10-01","mode":"explicit","validity":"valid",\
				"findings":[],"provenance":{"source":"//test","eventId":"e-%d","occurredAt":"2026-10-%02dT09:00:00Z",\
				"receivedAt":"2026-10-%02dT09:00:01Z"}}""".formatted(OPERATOR, subject, position, 1 + position % 28,
				1 + position % 28);
		StoredEvent event = new StoredEvent(1000 + position, "event-" + position, aggregateId, sequence, "Subject",
				"kz.consentledger.events.PolicyAccepted", "1", "2026-10-01T09:00:0" + (position % 10) + "Z",
				payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
		byte[] eventHash = event.eventHash(StoredEvent.ENVELOPE);
		byte[] streamHash = Chain.streamLink(this.streamHashes.getOrDefault(aggregateId, Hashes.GENESIS), eventHash);
		this.streamHashes.put(aggregateId, streamHash);
		this.chain.add(new Chained(event, position, eventHash, streamHash));
		return position;
	}

	long size() {
		return this.chain.size();
	}

	/** The claims of the tree of the first {@code size} positions. */
	LedgerCheckpoint claims(long size) {
		return new LedgerCheckpoint(ORIGIN, size, MerkleTree.root(leaves(size)), heads(size).root(), 0, Hashes.GENESIS);
	}

	/** The checkpoint of {@code size} positions signed by the ledger and the witness. */
	SignedNote checkpoint(long size) {
		return checkpoint(size, this.ledger, this.witness);
	}

	SignedNote checkpoint(long size, NoteSigner signer, NoteSigner... cosigners) {
		String body = claims(size).body();
		List<SignatureLine> lines = new ArrayList<>();
		lines.add(signer.sign(body, 0));
		for (NoteSigner cosigner : cosigners) {
			lines.add(cosigner.sign(body, 1_790_000_000L));
		}
		return new SignedNote(body, lines);
	}

	/**
	 * The unsigned bundle of a subject's stream (every event appended so far) proven
	 * under {@code checkpoint}.
	 */
	ObjectNode subjectBundle(String subject, SignedNote checkpoint) {
		String aggregateId = OPERATOR + ":" + subject;
		long size = LedgerCheckpoint.parse(checkpoint.body()).size();
		ObjectNode bundle = JSON.createObjectNode();
		bundle.put("format", BundleVerification.FORMAT);
		bundle.putObject("scope").put("kind", "subject").put("operator", OPERATOR).put("subject", subject);
		bundle.put("exportedAt", "2026-11-21T10:00:00Z");
		bundle.putObject("exportedFor").put("actor", "regulator").put("reason", "test");
		bundle.put("checkpoint", checkpoint.text());
		ArrayNode events = bundle.putArray("events");
		MerkleTree.SubtreeHashes tree = MerkleTree.over(leaves(size));
		for (Chained chained : this.chain) {
			if (chained.event().aggregateId().equals(aggregateId)) {
				entry(events.addObject(), chained, size, tree);
			}
		}
		bundle.putArray("policies");
		StreamHeads heads = heads(size);
		StreamHeads.Head head = heads.get(aggregateId);
		if (head != null) {
			int index = heads.indexOf(aggregateId);
			ObjectNode node = bundle.putObject("streamHead")
				.put("aggregateId", aggregateId)
				.put("length", head.length())
				.put("streamHash", Hashes.hex(head.streamHash()))
				.put("position", head.position())
				.put("index", index)
				.put("count", heads.size());
			hashes(node.putArray("proof"), MerkleTree.auditPath(heads.leafHashes(), index));
		}
		bundle.putArray("keyHistory");
		bundle.putObject("ledgerKey")
			.put("vkey", this.ledger.verifier().vkey())
			.put("publicKey", LedgerKeys.publicKeyPem(this.ledgerKey.getPublic()));
		return bundle;
	}

	/** The consistency member between the trees of {@code other} and {@code size}. */
	ObjectNode consistency(long other, long size) {
		ObjectNode consistency = JSON.createObjectNode().put("other", other);
		hashes(consistency.putArray("proof"), MerkleTree.consistencyProof(Math.min(other, size), Math.max(other, size),
				MerkleTree.over(leaves(Math.max(other, size)))));
		return consistency;
	}

	/** The canonical bundle with its signature by {@code key}. */
	static byte[] signed(ObjectNode bundle, KeyPair key) {
		bundle.remove("signature");
		bundle.put("signature", BASE64.encodeToString(LedgerKeys.sign(key.getPrivate(), Hashes.canonical(bundle))));
		return Hashes.canonical(bundle);
	}

	byte[] signed(ObjectNode bundle) {
		return signed(bundle, this.ledgerKey);
	}

	Trust trust() {
		return Trust.of(List.of(this.ledger.verifier().vkey()), List.of(this.witness.verifier().vkey()), 1);
	}

	private void entry(ObjectNode entry, Chained chained, long size, MerkleTree.SubtreeHashes tree) {
		StoredEvent event = chained.event();
		entry.put("position", chained.position());
		entry.put("globalIndex", event.globalIndex());
		entry.put("eventId", event.eventId());
		entry.put("aggregateId", event.aggregateId());
		entry.put("aggregateSequence", event.aggregateSequence());
		entry.put("aggregateType", event.aggregateType());
		entry.put("payloadType", event.payloadType());
		entry.put("payloadRevision", event.payloadRevision());
		entry.put("timestamp", event.timestamp());
		entry.put("payload", new String(event.payload(), StandardCharsets.UTF_8));
		entry.put("metadata", new String(event.metadata(), StandardCharsets.UTF_8));
		entry.put("envelope", StoredEvent.ENVELOPE);
		entry.put("eventHash", Hashes.hex(chained.eventHash()));
		entry.put("streamHash", Hashes.hex(chained.streamHash()));
		if (chained.position() < size) {
			hashes(entry.putArray("inclusionProof"), MerkleTree.inclusionProof(chained.position(), size, tree));
		}
		else {
			entry.putNull("inclusionProof");
		}
	}

	private List<byte[]> leaves(long size) {
		return this.chain.subList(0, (int) size)
			.stream()
			.map((c) -> Chain.leafHash(c.position(), c.event().globalIndex(), c.eventHash(), c.streamHash()))
			.toList();
	}

	private StreamHeads heads(long size) {
		StreamHeads heads = new StreamHeads();
		this.chain.subList(0, (int) size)
			.forEach((c) -> heads.put(new StreamHeads.Head(c.event().aggregateId(), c.event().aggregateSequence() + 1,
					c.streamHash(), c.position())));
		return heads;
	}

	private static void hashes(ArrayNode array, List<byte[]> hashes) {
		hashes.forEach((hash) -> array.add(BASE64.encodeToString(hash)));
	}

	private record Chained(StoredEvent event, long position, byte[] eventHash, byte[] streamHash) {
	}

}
