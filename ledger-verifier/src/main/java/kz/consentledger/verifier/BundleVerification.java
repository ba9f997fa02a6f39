package kz.consentledger.verifier;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kz.consentledger.proof.Chain;
import kz.consentledger.proof.Checkpoint;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.StoredEvent;
import kz.consentledger.replay.PositionedEvent;
import kz.consentledger.replay.StoredPayloads;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies one bundle, step by step (docs/verifying-a-bundle.md): canonical form, key,
 * bundle signature, checkpoint signatures and links, every event's hash, inclusion proof
 * and stream link, completeness of the subject's stream, scope. Collects every failure
 * rather than stopping at the first, so the report names everything that is wrong.
 */
public final class BundleVerification {

	static final String FORMAT = "kz.consentledger.bundle/v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> passed = new ArrayList<>();

	private final List<String> failures = new ArrayList<>();

	private final List<String> warnings = new ArrayList<>();

	private JsonNode bundle;

	private final List<PositionedEvent> subjectEvents = new ArrayList<>();

	private BundleVerification() {
	}

	public static BundleVerification of(byte[] bundleBytes, String publicKeyPem) {
		BundleVerification verification = new BundleVerification();
		verification.run(bundleBytes, publicKeyPem);
		return verification;
	}

	public boolean verified() {
		return this.failures.isEmpty() && this.bundle != null;
	}

	public List<String> passed() {
		return this.passed;
	}

	public List<String> failures() {
		return this.failures;
	}

	public List<String> warnings() {
		return this.warnings;
	}

	public JsonNode bundle() {
		return this.bundle;
	}

	/**
	 * The events of a subject bundle, ready for replay (empty for an operator bundle).
	 */
	public List<PositionedEvent> subjectEvents() {
		return this.subjectEvents;
	}

	private void run(byte[] bytes, String publicKeyPem) {
		PublicKey key;
		try {
			key = LedgerKeys.publicKey(publicKeyPem);
		}
		catch (IllegalArgumentException ex) {
			this.failures.add("the public key file is not usable: " + ex.getMessage());
			return;
		}
		try {
			this.bundle = JSON.readTree(bytes);
		}
		catch (JacksonException ex) {
			this.failures.add("the bundle is not valid JSON: " + ex.getOriginalMessage());
			return;
		}
		if (!this.bundle.isObject()) {
			this.failures.add("the bundle is not a JSON object");
			this.bundle = null;
			return;
		}
		check(Arrays.equals(bytes, Hashes.canonical(new String(bytes, StandardCharsets.UTF_8))),
				"the bundle is in its canonical form (RFC 8785)",
				"the bundle is not in its canonical form (RFC 8785): it was altered after export");
		check(FORMAT.equals(this.bundle.path("format").asString("")), "the format is " + FORMAT,
				"unknown bundle format " + this.bundle.path("format") + " (this verifier reads " + FORMAT + ")");
		String keyId = LedgerKeys.keyId(key);
		PublicKey bundleKey = null;
		try {
			bundleKey = LedgerKeys.publicKey(this.bundle.path("ledgerKey").path("publicKey").asString(""));
		}
		catch (IllegalArgumentException ex) {
			this.failures.add("the bundle's ledgerKey is not an Ed25519 public key: " + ex.getMessage());
		}
		check(bundleKey != null && Arrays.equals(bundleKey.getEncoded(), key.getEncoded())
				&& keyId.equals(this.bundle.path("ledgerKey").path("keyId").asString("")),
				"the bundle names the given ledger key " + keyId, "the bundle names key "
						+ this.bundle.path("ledgerKey").path("keyId").asString("?") + ", not the given key " + keyId);
		ObjectNode unsigned = ((ObjectNode) this.bundle).deepCopy();
		unsigned.remove("signature");
		check(LedgerKeys.verify(key, Hashes.canonical(unsigned), decode(this.bundle.path("signature").asString(""))),
				"the bundle signature verifies", "the bundle signature does not verify with key " + keyId
						+ ": the bundle was altered or not signed " + "by this ledger");
		Map<Long, Checkpoint> checkpoints = checkpoints(key, keyId);
		Map<String, List<JsonNode>> streams = new TreeMap<>();
		int proven = 0;
		List<JsonNode> entries = new ArrayList<>();
		this.bundle.path("events").forEach(entries::add);
		this.bundle.path("policies").forEach(entries::add);
		for (JsonNode entry : entries) {
			if (event(entry, checkpoints)) {
				proven++;
			}
			streams.computeIfAbsent(entry.path("aggregateId").asString(""), (k) -> new ArrayList<>()).add(entry);
		}
		if (!entries.isEmpty() && proven == entries.size()) {
			this.passed.add("all " + proven + " events match their hashes and their inclusion proofs");
		}
		streams.forEach(this::stream);
		scope(streams);
	}

	private Map<Long, Checkpoint> checkpoints(PublicKey key, String keyId) {
		Map<Long, Checkpoint> checkpoints = new TreeMap<>();
		for (JsonNode node : this.bundle.path("checkpoints")) {
			Checkpoint checkpoint = Checkpoint.fromJson(node);
			if (check(
					keyId.equals(checkpoint.keyId()) && LedgerKeys.verify(key, checkpoint.statement(),
							decode(node.path("signature").asString(""))),
					null, "checkpoint " + checkpoint.number() + " is not signed by key " + keyId)) {
				checkpoints.put(checkpoint.number(), checkpoint);
			}
		}
		Checkpoint previous = null;
		for (Checkpoint checkpoint : checkpoints.values()) {
			if (previous != null && previous.number() + 1 == checkpoint.number()) {
				check(checkpoint.previousStatementHash().equals(previous.statementHash()), null,
						"checkpoint " + checkpoint.number() + " does not link to checkpoint " + previous.number());
			}
			previous = checkpoint;
		}
		if (!checkpoints.isEmpty() && checkpoints.size() == this.bundle.path("checkpoints").size()) {
			this.passed.add("all " + checkpoints.size() + " checkpoints are signed by the ledger key");
		}
		return checkpoints;
	}

	/** Checks one event; true when its hash and inclusion proof hold. */
	private boolean event(JsonNode entry, Map<Long, Checkpoint> checkpoints) {
		String name = "event " + entry.path("eventId").asString("?") + " (" + entry.path("aggregateId").asString("?")
				+ " #" + entry.path("aggregateSequence").asString("?") + ", position "
				+ entry.path("position").asString("?") + ")";
		StoredEvent stored = new StoredEvent(entry.path("globalIndex").asLong(), entry.path("eventId").asString(null),
				entry.path("aggregateId").asString(null), entry.path("aggregateSequence").asLong(),
				entry.path("payloadType").asString(null), entry.path("payloadRevision").asString(null),
				entry.path("timestamp").asString(null), utf8(entry.path("payload").asString("")),
				entry.path("metadata").isString() ? utf8(entry.path("metadata").asString()) : null);
		byte[] eventHash = stored.eventHash();
		if (!check(Hashes.hex(eventHash).equals(entry.path("eventHash").asString("")), null,
				name + " does not match its event hash: its content was altered")) {
			return false;
		}
		if (entry.path("checkpoint").isNull()) {
			this.warnings.add(name + " is not yet sealed in a checkpoint: only the bundle signature covers it");
			return false;
		}
		Checkpoint checkpoint = checkpoints.get(entry.path("checkpoint").asLong());
		if (!check(checkpoint != null, null, name + " refers to checkpoint " + entry.path("checkpoint").asString()
				+ ", which the bundle does not hold with a valid signature")) {
			return false;
		}
		long position = entry.path("position").asLong();
		byte[] streamHash = unhex(entry.path("streamHash").asString(""));
		byte[] leaf = Chain.leafHash(position, stored.globalIndex(), eventHash, streamHash);
		List<byte[]> path = new ArrayList<>();
		entry.path("inclusionProof").forEach((hash) -> path.add(unhex(hash.asString(""))));
		byte[] root = checkpoint.covers(position)
				? MerkleTree.rootFromAuditPath(leaf, position - checkpoint.firstPosition(), checkpoint.size(), path)
				: null;
		return check(root != null && Hashes.hex(root).equals(checkpoint.merkleRoot()), null,
				name + " is not proven included in checkpoint " + checkpoint.number()
						+ ": its position, hashes or proof were altered");
	}

	/** The stream links between consecutive events of one aggregate in the bundle. */
	private void stream(String aggregateId, List<JsonNode> entries) {
		entries.sort(Comparator.comparingLong((JsonNode e) -> e.path("aggregateSequence").asLong()));
		JsonNode previous = null;
		for (JsonNode entry : entries) {
			long sequence = entry.path("aggregateSequence").asLong();
			byte[] prior = null;
			if (sequence == 0) {
				prior = Hashes.GENESIS;
			}
			else if (previous != null && previous.path("aggregateSequence").asLong() == sequence - 1) {
				prior = unhex(previous.path("streamHash").asString(""));
			}
			if (prior != null) {
				byte[] expected = Chain.streamLink(prior, unhex(entry.path("eventHash").asString("")));
				check(Hashes.hex(expected).equals(entry.path("streamHash").asString("")), null,
						"the stream chain of " + aggregateId + " breaks at #" + sequence);
			}
			previous = entry;
		}
	}

	private void scope(Map<String, List<JsonNode>> streams) {
		JsonNode scope = this.bundle.path("scope");
		String operator = scope.path("operator").asString("");
		if ("subject".equals(scope.path("kind").asString(""))) {
			String aggregateId = operator + ":" + scope.path("subject").asString("");
			List<JsonNode> own = new ArrayList<>();
			this.bundle.path("events").forEach(own::add);
			boolean onlyOwn = own.stream().allMatch((e) -> aggregateId.equals(e.path("aggregateId").asString("")));
			check(onlyOwn, null, "the bundle's events are not all of subject " + aggregateId);
			boolean complete = true;
			for (int i = 0; i < own.size(); i++) {
				complete &= own.get(i).path("aggregateSequence").asLong() == i;
			}
			if (check(complete && onlyOwn,
					"the subject's stream is complete from its first event (" + own.size() + " events)",
					"events are missing from the subject's stream")) {
				for (JsonNode entry : own) {
					try {
						this.subjectEvents.add(new PositionedEvent(entry.path("position").asLong(),
								StoredPayloads.readSubjectEvent(entry.path("payloadType").asString(""),
										entry.path("payloadRevision").asString(""),
										utf8(entry.path("payload").asString("")))));
					}
					catch (RuntimeException ex) {
						this.failures.add("event " + entry.path("eventId").asString("?")
								+ " cannot be read for replay: " + ex.getMessage());
					}
				}
			}
		}
		else {
			boolean own = streams.keySet()
				.stream()
				.allMatch((id) -> id.equals(operator) || id.startsWith(operator + ":"));
			check(own, null, "the bundle holds events of another operator than " + operator);
		}
	}

	private boolean check(boolean ok, String passedMessage, String failure) {
		if (ok && passedMessage != null) {
			this.passed.add(passedMessage);
		}
		if (!ok) {
			this.failures.add(failure);
		}
		return ok;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Strict: only the canonical encoding of the bytes is accepted. */
	private static byte[] decode(String base64) {
		try {
			byte[] bytes = Base64.getDecoder().decode(base64);
			return Base64.getEncoder().encodeToString(bytes).equals(base64) ? bytes : new byte[0];
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

	/** Strict: lower-case hex only, as the ledger writes it. */
	private static byte[] unhex(String hex) {
		try {
			byte[] bytes = Hashes.unhex(hex);
			return Hashes.hex(bytes).equals(hex) ? bytes : new byte[0];
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

}
