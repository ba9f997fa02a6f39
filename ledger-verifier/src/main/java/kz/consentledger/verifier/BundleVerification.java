package kz.consentledger.verifier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import kz.consentledger.proof.Chain;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.LedgerCheckpoint;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.StoredEvent;
import kz.consentledger.proof.StreamHeads;
import kz.consentledger.proof.TopLevelCheckpoint;
import kz.consentledger.proof.TrustPolicy;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;
import kz.consentledger.replay.PositionedEvent;
import kz.consentledger.replay.StoredPayloads;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies one bundle, step by step (docs/verifying-a-bundle.md): canonical form and
 * format, the key history, the checkpoint note (a trusted ledger key's signature and a
 * quorum of witness cosignatures), consistency with a checkpoint the verifier holds, the
 * bundle signature, every event's hash and inclusion proof, stream links, the subject
 * stream's completeness against the checkpoint's stream heads, and the scope. Only the
 * keys in {@link Trust} are trusted, never one the bundle carries. Every failure is
 * collected rather than stopping at the first, so the report names everything wrong.
 */
public final class BundleVerification {

	static final String FORMAT = "kz.consentledger.bundle/v2";

	private static final String V1 = "kz.consentledger.bundle/v1";

	/** The profile of an access answer (docs/access-answer.md). */
	static final String ACCESS_ANSWER = "kz.consentledger.access-answer/v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Findings findings = new Findings();

	private final Trust trust;

	private JsonNode bundle;

	private LedgerCheckpoint checkpoint;

	/** Entries (events and policies) whose inclusion under the checkpoint holds. */
	private final Set<JsonNode> proven = Collections.newSetFromMap(new IdentityHashMap<>());

	private final List<PositionedEvent> subjectEvents = new ArrayList<>();

	private BundleVerification(Trust trust) {
		this.trust = trust;
	}

	public static BundleVerification of(byte[] bundleBytes, Trust trust) {
		BundleVerification verification = new BundleVerification(trust);
		verification.run(bundleBytes);
		return verification;
	}

	public boolean verified() {
		return this.findings.failures.isEmpty() && this.bundle != null;
	}

	public List<String> passed() {
		return this.findings.passed;
	}

	public List<String> failures() {
		return this.findings.failures;
	}

	public List<String> warnings() {
		return this.findings.warnings;
	}

	public JsonNode bundle() {
		return this.bundle;
	}

	/**
	 * The events of a subject bundle, ready for replay (empty for an operator bundle or
	 * an incomplete stream).
	 */
	public List<PositionedEvent> subjectEvents() {
		return this.subjectEvents;
	}

	private void run(byte[] bytes) {
		if (!format(bytes)) {
			return;
		}
		SignedNote note = checkpointNote();
		String origin = (this.checkpoint != null) ? this.checkpoint.origin() : null;
		List<NoteVerifier> given = new ArrayList<>();
		for (Trust.LedgerKey key : this.trust.ledgerKeys()) {
			if (key.vkey() != null || origin != null) {
				given.add(key.named(origin));
			}
		}
		List<String> statements = new ArrayList<>();
		this.bundle.path("keyHistory").forEach((statement) -> statements.add(statement.asString("")));
		KeyHistory keys = KeyHistory.follow(given, statements, origin, this.findings);
		if (note != null) {
			trustCheckpoint(note, keys);
			trustedCheckpoint(keys);
		}
		bundleSignature(keys);
		Map<String, List<JsonNode>> streams = new TreeMap<>();
		List<JsonNode> entries = new ArrayList<>();
		this.bundle.path("events").forEach(entries::add);
		this.bundle.path("policies").forEach(entries::add);
		for (JsonNode entry : entries) {
			event(entry);
			streams.computeIfAbsent(entry.path("aggregateId").asString(""), (k) -> new ArrayList<>()).add(entry);
		}
		if (!entries.isEmpty() && this.proven.size() == entries.size()) {
			this.findings.pass("events: all " + entries.size()
					+ " match their hashes and are proven included in the checkpoint's tree");
		}
		streams.forEach(this::streamLinks);
		scope(streams);
		profile(entries);
	}

	/** Step 1: JSON, canonical form, format. */
	private boolean format(byte[] bytes) {
		try {
			this.bundle = JSON.readTree(bytes);
		}
		catch (JacksonException ex) {
			this.findings.fail("the bundle is not valid JSON: " + ex.getOriginalMessage());
			return false;
		}
		if (!this.bundle.isObject()) {
			this.findings.fail("the bundle is not a JSON object");
			this.bundle = null;
			return false;
		}
		this.findings.check(Arrays.equals(bytes, Hashes.canonical(new String(bytes, StandardCharsets.UTF_8))),
				"the bundle is in its canonical form (RFC 8785)",
				"the bundle is not in its canonical form (RFC 8785): it was altered after export");
		String format = this.bundle.path("format").asString("");
		if (V1.equals(format)) {
			this.findings.fail("this is a " + V1 + " bundle, which this verifier no longer accepts: its checkpoints"
					+ " are not witnessed and it cannot prove its stream complete; ask for a new export (" + FORMAT
					+ ")");
			return false;
		}
		return this.findings.check(FORMAT.equals(format), "the format is " + FORMAT,
				"unknown bundle format " + this.bundle.path("format") + " (this verifier reads " + FORMAT + ")");
	}

	/** The checkpoint note and its claims; null (and a failure) when unreadable. */
	private SignedNote checkpointNote() {
		try {
			SignedNote note = SignedNote.parse(this.bundle.path("checkpoint").asString(""));
			this.checkpoint = LedgerCheckpoint.parse(note.body());
			return note;
		}
		catch (IllegalArgumentException ex) {
			this.findings.fail("the checkpoint note cannot be read: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Step 3: a trusted key (given, or reached by the key history by this size) signed
	 * the checkpoint, a quorum of the given witnesses cosigned it.
	 */
	private void trustCheckpoint(SignedNote note, KeyHistory keys) {
		String name = "the checkpoint of " + this.checkpoint.size() + " positions (" + this.checkpoint.origin() + ")";
		List<NoteVerifier> signers = keys.at(this.checkpoint.size());
		if (signers.isEmpty()) {
			this.findings.fail(name + ": no trusted ledger key may sign a tree of this size");
			return;
		}
		TrustPolicy.Verdict verdict;
		try {
			verdict = new TrustPolicy(signers, this.trust.witnesses(), this.trust.quorum()).judge(note);
		}
		catch (IllegalArgumentException ex) {
			this.findings.fail(name + ": " + ex.getMessage());
			return;
		}
		if (verdict.trusted()) {
			this.findings.pass(name + " is signed by " + String.join(", ", verdict.signers()) + " and cosigned by "
					+ verdict.cosigners().size() + " of the " + this.trust.quorum() + " witnesses required"
					+ (verdict.cosigners().isEmpty() ? "" : " (" + String.join(", ", verdict.cosigners()) + ")"));
		}
		else {
			List<String> lines = note.signatures().stream().map((line) -> line.name() + " " + line.keyIdHex()).toList();
			this.findings.fail(name + " is not trusted: " + verdict.fault() + " (its signatures: " + lines + ")");
		}
	}

	/**
	 * Step 4: the checkpoint the verifier holds, and the bundle's proof that the two
	 * trees are consistent. It may also be the top-level checkpoint of a sharded ledger
	 * (ADR 0029): the line of the bundle's shard is then the trusted head.
	 */
	private void trustedCheckpoint(KeyHistory keys) {
		if (this.trust.trustedCheckpoint() == null) {
			return;
		}
		TreeHead trusted;
		try {
			SignedNote note = SignedNote.parse(this.trust.trustedCheckpoint());
			trusted = TreeHead.parse(note.body());
			if (!trusted.origin().equals(this.checkpoint.origin()) && isTopLevel(note)) {
				trusted = shardHead(note);
				if (trusted == null) {
					return;
				}
			}
			else {
				List<NoteVerifier> signers = keys.at(trusted.size());
				if (signers.isEmpty() || !new TrustPolicy(signers, List.of(), 0).judge(note).trusted()) {
					this.findings.fail("the trusted checkpoint is not signed by a trusted ledger key");
					return;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			this.findings.fail("the trusted checkpoint cannot be used: " + ex.getMessage());
			return;
		}
		long size = this.checkpoint.size();
		long other = trusted.size();
		String pair = "the bundle's checkpoint (" + size + " positions) and the trusted checkpoint (" + other
				+ " positions)";
		if (!trusted.origin().equals(this.checkpoint.origin())) {
			this.findings.fail("the trusted checkpoint is of log " + trusted.origin() + ", the bundle's of "
					+ this.checkpoint.origin());
			return;
		}
		if (size == other) {
			this.findings.check(Arrays.equals(trusted.root(), this.checkpoint.root()), pair + " are the same tree",
					pair + " have the same size but different roots: the history was "
							+ "rewritten after the trusted checkpoint was signed");
			return;
		}
		JsonNode consistency = this.bundle.path("consistency");
		if (!consistency.isObject() || consistency.path("other").asLong(-1) != other) {
			this.findings.fail("the bundle does not prove it extends the trusted checkpoint (export it with "
					+ "?trustedSize=" + other + ")");
			return;
		}
		List<byte[]> proof = hashes(consistency.path("proof"));
		boolean consistent = (size < other)
				? MerkleTree.verifyConsistency(size, other, this.checkpoint.root(), trusted.root(), proof)
				: MerkleTree.verifyConsistency(other, size, trusted.root(), this.checkpoint.root(), proof);
		if (this.findings.check(consistent, pair + " are consistent (RFC 9162 consistency proof)",
				pair + " are not proven consistent: the history was rewritten or cut, or the proof was altered")
				&& size < other) {
			this.findings.warn("the bundle's checkpoint is older than the trusted one: events sealed between " + size
					+ " and " + other + " positions are not proven absent from the bundle");
		}
	}

	/**
	 * A note in the form of a top-level checkpoint (its first extension line says when it
	 * was sealed).
	 */
	private static boolean isTopLevel(SignedNote note) {
		List<String> extensions = TreeHead.parse(note.body()).extensions();
		return !extensions.isEmpty() && extensions.get(0).startsWith("time ");
	}

	/**
	 * The head of the bundle's shard in a top-level checkpoint signed by a given ledger
	 * key under the top-level origin, or null (and a failure) when there is none.
	 */
	private TreeHead shardHead(SignedNote note) {
		TopLevelCheckpoint topLevel = TopLevelCheckpoint.parse(note.body());
		List<NoteVerifier> signers = this.trust.ledgerKeys()
			.stream()
			.map((key) -> key.named(topLevel.origin()))
			.filter((verifier) -> verifier.name().equals(topLevel.origin()))
			.toList();
		if (signers.isEmpty() || !new TrustPolicy(signers, List.of(), 0).judge(note).trusted()) {
			this.findings.fail(
					"the trusted top-level checkpoint is not signed by a given ledger key under " + topLevel.origin());
			return null;
		}
		TreeHead head = topLevel.headOf(this.checkpoint.origin()).orElse(null);
		if (head == null) {
			this.findings.fail("the trusted top-level checkpoint covers no shard of log " + this.checkpoint.origin());
			return null;
		}
		this.findings.pass("the trusted top-level checkpoint " + topLevel.origin() + " is signed and covers "
				+ head.size() + " positions of " + head.origin());
		return head;
	}

	/** Step 5: the bundle signature, with a trusted key. */
	private void bundleSignature(KeyHistory keys) {
		ObjectNode unsigned = ((ObjectNode) this.bundle).deepCopy();
		unsigned.remove("signature");
		byte[] signed = Hashes.canonical(unsigned);
		byte[] signature = base64(this.bundle.path("signature").asString(""));
		for (NoteVerifier key : keys.all()) {
			if (LedgerKeys.verify(key.publicKeyObject(), signed, signature)) {
				this.findings.pass("the bundle signature verifies with trusted key " + key.vkey());
				return;
			}
		}
		this.findings.fail("the bundle signature does not verify with any trusted ledger key: the bundle was "
				+ "altered or not signed by this ledger");
	}

	/** Step 6: one event's hash and its inclusion under the checkpoint's root. */
	private void event(JsonNode entry) {
		String name = name(entry);
		StoredEvent stored = new StoredEvent(entry.path("globalIndex").asLong(), entry.path("eventId").asString(null),
				entry.path("aggregateId").asString(null), entry.path("aggregateSequence").asLong(),
				entry.path("aggregateType").asString(null), entry.path("payloadType").asString(null),
				entry.path("payloadRevision").asString(null), entry.path("timestamp").asString(null),
				utf8(entry.path("payload").asString("")),
				entry.path("metadata").isString() ? utf8(entry.path("metadata").asString()) : null);
		byte[] eventHash;
		try {
			eventHash = stored.eventHash(entry.path("envelope").asInt(-1));
		}
		catch (IllegalArgumentException ex) {
			this.findings.fail(name + ": " + ex.getMessage());
			return;
		}
		if (!this.findings.check(Hashes.hex(eventHash).equals(entry.path("eventHash").asString("")), null,
				name + " does not match its event hash: its content was altered")) {
			return;
		}
		if (!this.findings.check(entry.path("position").isIntegralNumber(), null,
				name + " has no ledger position: it was never chained")) {
			return;
		}
		if (this.checkpoint == null) {
			return;
		}
		long position = entry.path("position").asLong();
		if (position >= this.checkpoint.size()) {
			this.findings.warn(name + " was appended after the checkpoint (" + this.checkpoint.size()
					+ " positions): only the bundle signature covers it");
			return;
		}
		if (!this.findings.check(entry.path("inclusionProof").isArray(), null,
				name + " has no inclusion proof although the checkpoint covers its position")) {
			return;
		}
		byte[] leaf = Chain.leafHash(position, stored.globalIndex(), eventHash,
				unhex(entry.path("streamHash").asString("")));
		byte[] root = MerkleTree.rootFromAuditPath(leaf, position, this.checkpoint.size(),
				hashes(entry.path("inclusionProof")));
		if (this.findings.check(Arrays.equals(root, this.checkpoint.root()), null, name
				+ " is not proven included in the checkpoint's tree: its position, hashes or proof were altered")) {
			this.proven.add(entry);
		}
	}

	/** Step 7: the stream links between consecutive events of one aggregate. */
	private void streamLinks(String aggregateId, List<JsonNode> entries) {
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
				this.findings.check(Hashes.hex(expected).equals(entry.path("streamHash").asString("")), null,
						"the stream chain of " + aggregateId + " breaks at #" + sequence);
			}
			previous = entry;
		}
	}

	/** Steps 8 and 9: the subject's whole stream, or the operator's events only. */
	private void scope(Map<String, List<JsonNode>> streams) {
		JsonNode scope = this.bundle.path("scope");
		String operator = scope.path("operator").asString("");
		if (!"subject".equals(scope.path("kind").asString(""))) {
			boolean own = streams.keySet()
				.stream()
				.allMatch((id) -> id.equals(operator) || id.startsWith(operator + ":"));
			this.findings.check(own, "every event is of operator " + operator,
					"the bundle holds events of another operator than " + operator);
			return;
		}
		String aggregateId = operator + ":" + scope.path("subject").asString("");
		List<JsonNode> own = new ArrayList<>();
		this.bundle.path("events").forEach(own::add);
		if (!this.findings.check(own.stream().allMatch((e) -> aggregateId.equals(e.path("aggregateId").asString(""))),
				null, "the bundle's events are not all of subject " + aggregateId)) {
			return;
		}
		own.sort(Comparator.comparingLong((JsonNode e) -> e.path("aggregateSequence").asLong()));
		boolean contiguous = true;
		for (int i = 0; i < own.size(); i++) {
			contiguous &= own.get(i).path("aggregateSequence").asLong() == i;
		}
		if (complete(aggregateId, own) && contiguous) {
			replayable(own);
		}
	}

	/**
	 * Step 8: the stream head the checkpoint commits to says how long the stream was; the
	 * bundle must hold every one of those events, proven.
	 */
	private boolean complete(String aggregateId, List<JsonNode> own) {
		if (this.checkpoint == null) {
			return false;
		}
		JsonNode head = this.bundle.path("streamHead");
		if (!head.isObject()) {
			this.findings.fail("the bundle does not prove the subject's stream complete: the checkpoint holds none of "
					+ "its events (export again after the next checkpoint)");
			return false;
		}
		long length = head.path("length").asLong(-1);
		StreamHeads.Head claimed = new StreamHeads.Head(head.path("aggregateId").asString(""), length,
				unhex(head.path("streamHash").asString("")), head.path("position").asLong(-1));
		byte[] root = MerkleTree.rootFromAuditPath(claimed.leafHash(), head.path("index").asLong(-1),
				head.path("count").asLong(-1), hashes(head.path("proof")));
		if (!this.findings.check(aggregateId.equals(claimed.aggregateId()), null,
				"the bundle's stream head is of stream " + claimed.aggregateId() + ", not of " + aggregateId)
				|| !this.findings.check(Arrays.equals(root, this.checkpoint.headsRoot()), null,
						"the bundle's stream head of " + aggregateId
								+ " is not proven under the checkpoint's heads root: it was altered")) {
			return false;
		}
		Map<Long, JsonNode> bySequence = new TreeMap<>();
		own.forEach((entry) -> bySequence.put(entry.path("aggregateSequence").asLong(), entry));
		List<String> lacking = new ArrayList<>();
		boolean complete = true;
		for (long k = 0; k < length; k++) {
			JsonNode entry = bySequence.get(k);
			if (entry == null) {
				lacking.add("#" + k + ((k == length - 1) ? " (the newest)" : ""));
			}
			else if (!this.proven.contains(entry)) {
				complete = this.findings.check(false, null, "#" + k + " of stream " + aggregateId
						+ " is within the checkpoint's stream head but not proven included");
			}
		}
		String says = "the checkpoint of " + this.checkpoint.size() + " positions says stream " + aggregateId
				+ " holds " + length + " event" + ((length == 1) ? "" : "s");
		if (!this.findings.check(lacking.isEmpty(), null, says + "; the bundle lacks " + String.join(", ", lacking))) {
			return false;
		}
		JsonNode last = bySequence.get(length - 1);
		if (!this.findings.check(
				last != null && last.path("streamHash").asString("").equals(head.path("streamHash").asString())
						&& last.path("position").asLong(-2) == claimed.position(),
				null, says + ", but its #" + (length - 1) + " is not the head the checkpoint commits to")) {
			return false;
		}
		long later = bySequence.keySet().stream().filter((k) -> k >= length).count();
		if (later > 0) {
			this.findings.warn(later + " event" + ((later == 1) ? " was" : "s were") + " appended to " + aggregateId
					+ " after the checkpoint: their completeness is not proven");
		}
		if (complete) {
			this.findings.pass(says + "; the bundle holds all of them, each proven included");
		}
		return complete;
	}

	/**
	 * Step 10, for a bundle of a profile: an access answer matches its digest, is of the
	 * bundle's subject, and cites only events the bundle holds (each proven by step 6).
	 */
	private void profile(List<JsonNode> entries) {
		JsonNode profile = this.bundle.path("profile");
		if (profile.isMissingNode()) {
			return;
		}
		if (!this.findings.check(ACCESS_ANSWER.equals(profile.asString("")), null,
				"unknown bundle profile " + profile + " (this verifier reads " + ACCESS_ANSWER + ")")) {
			return;
		}
		JsonNode answer = this.bundle.path("answer");
		if (!this.findings.check(answer.isObject(), null, "the access answer bundle holds no answer")) {
			return;
		}
		String digest = "sha256:" + Hashes.hex(Hashes.sha256(Hashes.canonical(answer)));
		this.findings.check(digest.equals(this.bundle.path("answerDigest").asString("")), null,
				"the access answer does not match its digest " + this.bundle.path("answerDigest"));
		JsonNode scope = this.bundle.path("scope");
		boolean ofSubject = "subject".equals(scope.path("kind").asString(""))
				&& answer.path("operator").equals(scope.path("operator"))
				&& answer.path("subject").equals(scope.path("subject"));
		this.findings.check(ofSubject, null, "the access answer is not of the bundle's subject");
		Set<Long> held = new HashSet<>();
		entries.forEach((entry) -> held.add(entry.path("position").asLong(-1)));
		List<Long> cited = new ArrayList<>();
		answer.findValues("events").forEach((array) -> array.forEach((position) -> cited.add(position.asLong(-1))));
		List<Long> missing = cited.stream().filter((position) -> !held.contains(position)).distinct().toList();
		this.findings.check(missing.isEmpty(), null,
				"the access answer cites events the bundle does not hold, at positions " + missing);
		if (missing.isEmpty() && ofSubject && digest.equals(this.bundle.path("answerDigest").asString(""))) {
			this.findings.pass("the access answer (" + answer.path("language").asString("?") + ") matches its digest "
					+ digest + " and cites " + cited.size() + " events, all in the bundle");
		}
	}

	private void replayable(List<JsonNode> own) {
		for (JsonNode entry : own) {
			try {
				this.subjectEvents.add(new PositionedEvent(entry.path("position").asLong(),
						StoredPayloads.readSubjectEvent(entry.path("payloadType").asString(""),
								entry.path("payloadRevision").asString(""), utf8(entry.path("payload").asString("")))));
			}
			catch (RuntimeException ex) {
				this.findings.fail("event " + entry.path("eventId").asString("?") + " cannot be read for replay: "
						+ ex.getMessage());
			}
		}
	}

	private static String name(JsonNode entry) {
		return "event " + entry.path("eventId").asString("?") + " (" + entry.path("aggregateId").asString("?") + " #"
				+ entry.path("aggregateSequence").asString("?") + ", position " + entry.path("position").asString("?")
				+ ")";
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A JSON array of base64 hashes; a malformed hash becomes an empty one. */
	private static List<byte[]> hashes(JsonNode array) {
		List<byte[]> hashes = new ArrayList<>();
		array.forEach((hash) -> hashes.add(base64(hash.asString(""))));
		return hashes;
	}

	/** Strict: only the canonical encoding of the bytes is accepted. */
	private static byte[] base64(String base64) {
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
