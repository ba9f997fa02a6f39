package kz.consentledger.verifier;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.KeyRotation;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.TopLevelCheckpoint;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bundles built in memory with real keys and witness cosignatures: an honest one
 * verifies, and each way of cheating (a short export, a forged cosignature, an untrusted
 * or swapped key, a broken key history, an inconsistent history, an altered event or
 * proof) fails with a message that names it.
 */
class BundleVerificationTest {

	private static final String SUBJECT = "user-000417";

	private static final String STREAM = TestLedger.OPERATOR + ":" + SUBJECT;

	private TestLedger ledger;

	@BeforeEach
	void sevenEventsOfTheSubjectAmongOthers() {
		this.ledger = new TestLedger();
		for (int i = 0; i < 7; i++) {
			this.ledger.append(SUBJECT);
			this.ledger.append("user-" + i);
			this.ledger.append("user-x");
		}
	}

	@Test
	void anHonestBundleVerifiesAndReplays() {
		BundleVerification verification = verify(this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21)));
		assertThat(verification.failures()).isEmpty();
		assertThat(verification.verified()).isTrue();
		assertThat(verification.warnings()).isEmpty();
		assertThat(verification.passed())
			.contains("the bundle is in its canonical form (RFC 8785)", "the format is kz.consentledger.bundle/v2",
					"events: all 7 match their hashes and are proven included in the checkpoint's tree",
					"the checkpoint of 21 positions says stream " + STREAM
							+ " holds 7 events; the bundle holds all of them, each proven included")
			.anySatisfy((line) -> assertThat(line)
				.startsWith("the checkpoint of 21 positions (" + TestLedger.ORIGIN + ") is signed by "
						+ TestLedger.ORIGIN + "+")
				.endsWith("cosigned by 1 of the 1 witnesses required (witness.test/w1)"))
			.anySatisfy((line) -> assertThat(line).startsWith("the bundle signature verifies with trusted key"));
		assertThat(verification.subjectEvents()).hasSize(7);
	}

	@Test
	void aShortExportNamesTheEventsItLacks() {
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		ArrayNode events = (ArrayNode) bundle.get("events");
		events.remove(6);
		assertThat(verify(bundle).failures()).containsExactly("the checkpoint of 21 positions says stream " + STREAM
				+ " holds 7 events; the bundle lacks #6 (the newest)");
		events.remove(2);
		BundleVerification gaps = verify(bundle);
		assertThat(gaps.verified()).isFalse();
		assertThat(gaps.failures()).contains("the checkpoint of 21 positions says stream " + STREAM
				+ " holds 7 events; the bundle lacks #2, #6 (the newest)");
		assertThat(gaps.subjectEvents()).isEmpty();
	}

	@Test
	void aShortenedStreamHeadDoesNotProve() {
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		((ArrayNode) bundle.get("events")).remove(6);
		// The stream head claims the event before the newest as the newest.
		ObjectNode last = (ObjectNode) bundle.get("events").get(5);
		((ObjectNode) bundle.get("streamHead")).put("length", 6)
			.put("streamHash", last.get("streamHash").asString())
			.put("position", last.get("position").asLong());
		assertThat(verify(bundle).failures()).containsExactly("the bundle's stream head of " + STREAM
				+ " is not proven under the checkpoint's heads root: it was altered");
	}

	@Test
	void eventsAppendedAfterTheCheckpointAreWarnedAbout() {
		this.ledger.append(SUBJECT);
		BundleVerification verification = verify(this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21)));
		assertThat(verification.failures()).isEmpty();
		assertThat(verification.warnings()).containsExactly(
				"event event-21 (" + STREAM + " #7, position 21) was appended after the checkpoint (21 positions):"
						+ " only the bundle signature covers it",
				"1 event was appended to " + STREAM + " after the checkpoint: their completeness is not proven");
		assertThat(verification.subjectEvents()).hasSize(8);
	}

	@Test
	void aForgedCosignatureIsRefused() {
		SignedNote honest = this.ledger.checkpoint(21);
		KeyPair other = LedgerKeys.generate();
		SignatureLine real = honest.signatures().get(1);
		SignatureLine forged = NoteSigner.cosigner(real.name(), other).sign(honest.body(), 1_790_000_000L);
		// The forger's line carries the witness's name and key id, its own signature.
		SignatureLine posing = new SignatureLine(real.name(), real.keyId(), forged.signature());
		SignedNote note = new SignedNote(honest.body(), List.of(honest.signatures().get(0), posing));
		assertThat(verify(this.ledger.subjectBundle(SUBJECT, note)).failures()).singleElement()
			.satisfies((failure) -> assertThat(failure)
				.startsWith("the checkpoint of 21 positions (" + TestLedger.ORIGIN + ") is not trusted")
				.contains("the signature of witness.test/w1 (key id " + real.keyIdHex() + ") does not verify"));
	}

	@Test
	void aCheckpointWithoutTheQuorumIsRefused() {
		SignedNote unwitnessed = this.ledger.checkpoint(21, this.ledger.ledger);
		assertThat(verify(this.ledger.subjectBundle(SUBJECT, unwitnessed)).failures()).singleElement()
			.satisfies((failure) -> assertThat(failure).startsWith("the checkpoint of 21 positions ("
					+ TestLedger.ORIGIN + ") is not trusted: 0 of the 1 witness cosignatures required verify"));
		Trust noWitness = Trust.of(List.of(this.ledger.ledger.verifier().vkey()), List.of(), 0);
		assertThat(verify(this.ledger.subjectBundle(SUBJECT, unwitnessed), noWitness).verified()).isTrue();
	}

	@Test
	void aKeyNotTrustedIsRefused() {
		NoteSigner stranger = NoteSigner.ed25519(TestLedger.ORIGIN, LedgerKeys.generate());
		Trust trust = Trust.of(List.of(stranger.verifier().vkey()), List.of(this.ledger.witness.verifier().vkey()), 1);
		BundleVerification verification = BundleVerification
			.of(this.ledger.signed(this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21))), trust);
		assertThat(verification.failures())
			.anySatisfy((failure) -> assertThat(failure).startsWith("the checkpoint of 21 positions ("
					+ TestLedger.ORIGIN + ") is not trusted: no trusted ledger key signed it"))
			.contains("the bundle signature does not verify with any trusted ledger key: the bundle was altered or"
					+ " not signed by this ledger");
	}

	@Test
	void aSwappedKeyWithoutHistoryIsRefusedWhateverTheBundleSays() {
		KeyPair swappedPair = LedgerKeys.generate();
		NoteSigner swapped = NoteSigner.ed25519(TestLedger.ORIGIN, swappedPair);
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT,
				this.ledger.checkpoint(21, swapped, this.ledger.witness));
		bundle.putObject("ledgerKey")
			.put("vkey", swapped.verifier().vkey())
			.put("publicKey", LedgerKeys.publicKeyPem(swappedPair.getPublic()));
		BundleVerification verification = BundleVerification.of(TestLedger.signed(bundle, swappedPair),
				this.ledger.trust());
		assertThat(verification.verified()).isFalse();
		assertThat(verification.failures()).hasSize(2)
			.anySatisfy((failure) -> assertThat(failure).contains("no trusted ledger key signed it"))
			.anySatisfy((failure) -> assertThat(failure).startsWith("the bundle signature does not verify"));
	}

	@Test
	void aRotatedKeyIsFollowedThroughItsHistory() {
		KeyPair nextPair = LedgerKeys.generate();
		NoteSigner next = NoteSigner.ed25519(TestLedger.ORIGIN, nextPair);
		SignedNote statement = new KeyRotation(TestLedger.ORIGIN, this.ledger.ledger.verifier(), next.verifier(), 15)
			.sign(this.ledger.ledger, next, 0);
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21, next, this.ledger.witness));
		bundle.putArray("keyHistory").add(statement.text());
		BundleVerification verification = BundleVerification.of(TestLedger.signed(bundle, nextPair),
				this.ledger.trust());
		assertThat(verification.failures()).isEmpty();
		assertThat(verification.passed()).anySatisfy((line) -> assertThat(line).startsWith("key rotation statement 1")
			.endsWith("is signed by both keys: the next key is trusted from size 15"));
	}

	@Test
	void aKeyReachedByHistorySignsOnlyFromItsSize() {
		KeyPair nextPair = LedgerKeys.generate();
		NoteSigner next = NoteSigner.ed25519(TestLedger.ORIGIN, nextPair);
		SignedNote statement = new KeyRotation(TestLedger.ORIGIN, this.ledger.ledger.verifier(), next.verifier(), 30)
			.sign(this.ledger.ledger, next, 0);
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21, next, this.ledger.witness));
		bundle.putArray("keyHistory").add(statement.text());
		assertThat(BundleVerification.of(TestLedger.signed(bundle, nextPair), this.ledger.trust()).failures())
			.anySatisfy((failure) -> assertThat(failure).contains("no trusted ledger key signed it"));
	}

	@Test
	void aBrokenKeyHistoryIsRefused() {
		KeyPair nextPair = LedgerKeys.generate();
		NoteSigner next = NoteSigner.ed25519(TestLedger.ORIGIN, nextPair);
		// The attacker holds the next key only: the previous key's signature is its own.
		NoteSigner posingAsPrevious = NoteSigner.ed25519(TestLedger.ORIGIN, LedgerKeys.generate());
		KeyRotation rotation = new KeyRotation(TestLedger.ORIGIN, this.ledger.ledger.verifier(), next.verifier(), 0);
		SignatureLine fake = posingAsPrevious.sign(rotation.body(), 0);
		SignedNote statement = new SignedNote(rotation.body(),
				List.of(new SignatureLine(fake.name(), this.ledger.ledger.verifier().keyId(), fake.signature()),
						next.sign(rotation.body(), 0)));
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21, next, this.ledger.witness));
		bundle.putArray("keyHistory").add(statement.text());
		List<String> failures = BundleVerification.of(TestLedger.signed(bundle, nextPair), this.ledger.trust())
			.failures();
		assertThat(failures)
			.anySatisfy((failure) -> assertThat(failure).startsWith("key rotation statement 1 ("
					+ this.ledger.ledger.verifier().vkey() + " to " + next.verifier().vkey()
					+ " from size 0) does not verify: the signature of " + TestLedger.ORIGIN))
			.anySatisfy((failure) -> assertThat(failure).contains("no trusted ledger key signed it"));
		SignedNote onlyNext = new SignedNote(rotation.body(), List.of(next.sign(rotation.body(), 0)));
		bundle.putArray("keyHistory").add(onlyNext.text());
		assertThat(BundleVerification.of(TestLedger.signed(bundle, nextPair), this.ledger.trust()).failures())
			.anySatisfy(
					(failure) -> assertThat(failure).endsWith("is not signed by both its previous and its next key"));
	}

	@Test
	void aTrustedCheckpointMustBeProvenExtended() {
		String trusted = this.ledger.checkpoint(9).text();
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		assertThat(verify(bundle, this.ledger.trust().withTrustedCheckpoint(trusted)).failures()).containsExactly(
				"the bundle does not prove it extends the trusted checkpoint (export it with ?trustedSize=9)");
		bundle.set("consistency", this.ledger.consistency(9, 21));
		BundleVerification consistent = verify(bundle, this.ledger.trust().withTrustedCheckpoint(trusted));
		assertThat(consistent.failures()).isEmpty();
		assertThat(consistent.passed()).contains("the bundle's checkpoint (21 positions) and the trusted checkpoint"
				+ " (9 positions) are consistent (RFC 9162 consistency proof)");
		assertThat(verify(this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21)),
				this.ledger.trust().withTrustedCheckpoint(this.ledger.checkpoint(21).text()))
			.passed())
			.contains("the bundle's checkpoint (21 positions) and the trusted checkpoint (21 positions)"
					+ " are the same tree");
	}

	@Test
	void aTopLevelCheckpointOfAShardedLedgerIsTrustedForItsShardsLine() {
		String top = "test.consent-ledger.kz/shards";
		TreeHead other = new TreeHead("test.consent-ledger.kz/other-shard", 5, Hashes.sha256(new byte[] { 5 }),
				List.of());
		NoteSigner topSigner = NoteSigner.ed25519(top, this.ledger.ledgerKey);
		String body = new TopLevelCheckpoint(top, Instant.EPOCH, Hashes.sha256(),
				List.of(this.ledger.claims(9).treeHead(), other))
			.body();
		String topLevel = new SignedNote(body, List.of(topSigner.sign(body, 0))).text();
		Trust trust = Trust.of(List.of(this.ledger.ledger.verifier().vkey(), topSigner.verifier().vkey()),
				List.of(this.ledger.witness.verifier().vkey()), 1);
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		bundle.set("consistency", this.ledger.consistency(9, 21));
		BundleVerification covered = verify(bundle, trust.withTrustedCheckpoint(topLevel));
		assertThat(covered.failures()).isEmpty();
		assertThat(covered.passed()).contains(
				"the trusted top-level checkpoint " + top + " is signed and covers 9 positions of " + TestLedger.ORIGIN,
				"the bundle's checkpoint (21 positions) and the trusted checkpoint (9 positions) are consistent "
						+ "(RFC 9162 consistency proof)");
		// Without the top-level key, or with a note naming only other shards, it proves
		// nothing.
		assertThat(verify(bundle, this.ledger.trust().withTrustedCheckpoint(topLevel)).failures())
			.containsExactly("the trusted top-level checkpoint is not signed by a given ledger key under " + top);
		String othersOnly = new TopLevelCheckpoint(top, Instant.EPOCH, Hashes.sha256(), List.of(other)).body();
		assertThat(verify(bundle,
				trust.withTrustedCheckpoint(new SignedNote(othersOnly, List.of(topSigner.sign(othersOnly, 0))).text()))
			.failures())
			.containsExactly("the trusted top-level checkpoint covers no shard of log " + TestLedger.ORIGIN);
		// A line whose root is not the shard's tree at that size: the shard's history
		// differs.
		TreeHead forged = new TreeHead(TestLedger.ORIGIN, 21, Hashes.sha256(new byte[] { 7 }), List.of());
		String forgedBody = new TopLevelCheckpoint(top, Instant.EPOCH, Hashes.sha256(), List.of(forged, other)).body();
		assertThat(verify(this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21)),
				trust.withTrustedCheckpoint(new SignedNote(forgedBody, List.of(topSigner.sign(forgedBody, 0))).text()))
			.failures())
			.containsExactly("the bundle's checkpoint (21 positions) and the trusted checkpoint (21"
					+ " positions) have the same size but different roots: the history was rewritten after the"
					+ " trusted checkpoint was signed");
	}

	@Test
	void anInconsistentTrustedCheckpointIsRefused() {
		// The same keys, another history: one event of the first nine positions differs.
		TestLedger rewritten = new TestLedger();
		String trusted = this.ledger.checkpoint(9).text();
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		bundle.set("consistency", this.ledger.consistency(9, 21));
		ArrayNode proof = (ArrayNode) bundle.get("consistency").get("proof");
		proof.set(0, proof.get(proof.size() - 1));
		assertThat(verify(bundle, this.ledger.trust().withTrustedCheckpoint(trusted)).failures())
			.containsExactly("the bundle's checkpoint (21 positions) and the trusted checkpoint (9 positions) are not"
					+ " proven consistent: the history was rewritten or cut, or the proof was altered");
		for (int i = 0; i < 7; i++) {
			rewritten.append("someone-else");
			rewritten.append(SUBJECT);
			rewritten.append("user-x");
		}
		Trust both = Trust.of(List.of(this.ledger.ledger.verifier().vkey(), rewritten.ledger.verifier().vkey()),
				List.of(this.ledger.witness.verifier().vkey()), 1);
		bundle.set("consistency", this.ledger.consistency(9, 21));
		assertThat(verify(bundle, both.withTrustedCheckpoint(rewritten.checkpoint(9).text())).failures())
			.containsExactly("the bundle's checkpoint (21 positions) and the trusted checkpoint (9 positions) are not"
					+ " proven consistent: the history was rewritten or cut, or the proof was altered");
		assertThat(verify(this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21)),
				both.withTrustedCheckpoint(rewritten.checkpoint(21).text()))
			.failures())
			.containsExactly("the bundle's checkpoint (21 positions) and the trusted checkpoint (21"
					+ " positions) have the same size but different roots: the history was rewritten after the"
					+ " trusted checkpoint was signed");
	}

	@Test
	void anAlteredEventIsNamedEvenWhenTheBundleIsSignedAgain() {
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		ObjectNode third = (ObjectNode) bundle.get("events").get(2);
		third.put("payload", third.get("payload").asString().replace("explicit", "implicit"));
		assertThat(verify(bundle).failures()).contains(
				"event event-6 (" + STREAM + " #2, position 6) does not match its event hash: its content was altered");
		third.put("aggregateType", "Operator");
		assertThat(verify(bundle).failures()).contains(
				"event event-6 (" + STREAM + " #2, position 6) does not match its event hash: its content was altered");
	}

	@Test
	void anAlteredProofIsNamed() {
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		ArrayNode proof = (ArrayNode) bundle.get("events").get(3).get("inclusionProof");
		byte[] hash = Base64.getDecoder().decode(proof.get(1).asString());
		hash[0] ^= 1;
		proof.set(1, Base64.getEncoder().encodeToString(hash));
		assertThat(verify(bundle).failures()).contains("event event-9 (" + STREAM
				+ " #3, position 9) is not proven included in the checkpoint's tree: its position, hashes or proof"
				+ " were altered",
				"#3 of stream " + STREAM + " is within the checkpoint's stream head but not proven" + " included");
	}

	@Test
	void aBundleChangedAfterSigningFails() {
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		byte[] signed = this.ledger.signed(bundle);
		String text = new String(signed, java.nio.charset.StandardCharsets.UTF_8).replace("\"reason\":\"test\"",
				"\"reason\":\"tost\"");
		assertThat(BundleVerification.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), this.ledger.trust())
			.failures())
			.containsExactly("the bundle signature does not verify with any trusted ledger key: the bundle"
					+ " was altered or not signed by this ledger");
	}

	@Test
	void aVersionOneBundleIsRefusedWithTheReason() {
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		bundle.put("format", "kz.consentledger.bundle/v1");
		assertThat(verify(bundle).failures()).singleElement()
			.satisfies((failure) -> assertThat(failure).startsWith("this is a kz.consentledger.bundle/v1 bundle")
				.endsWith("ask for a new export (kz.consentledger.bundle/v2)"));
	}

	/**
	 * An access answer (docs/access-answer.md) is checked against its digest, its subject
	 * and the events it cites, even when the bundle is signed again after a change.
	 */
	@Test
	void anAccessAnswerMatchesItsDigestAndCitesOnlyTheBundlesEvents() {
		ObjectNode bundle = this.ledger.subjectBundle(SUBJECT, this.ledger.checkpoint(21));
		bundle.put("profile", BundleVerification.ACCESS_ANSWER);
		ObjectNode answer = bundle.putObject("answer")
			.put("kind", "access-answer")
			.put("language", "ru")
			.put("operator", TestLedger.OPERATOR)
			.put("subject", SUBJECT);
		answer.putArray("purposes").addObject().put("purpose", "marketing").putArray("events").add(0).add(3);
		String digest = "sha256:" + Hashes.hex(Hashes.sha256(Hashes.canonical(answer)));
		bundle.put("answerDigest", digest);
		BundleVerification honest = verify(bundle);
		assertThat(honest.failures()).isEmpty();
		assertThat(honest.passed())
			.contains("the access answer (ru) matches its digest " + digest + " and cites 2 events, all in the bundle");

		answer.put("subject", "user-1");
		assertThat(verify(bundle).failures()).containsExactly(
				"the access answer does not match its digest \"" + digest + "\"",
				"the access answer is not of the bundle's subject");
		answer.put("subject", SUBJECT);
		((ArrayNode) answer.get("purposes").get(0).get("events")).add(1);
		bundle.put("answerDigest", "sha256:" + Hashes.hex(Hashes.sha256(Hashes.canonical(answer))));
		assertThat(verify(bundle).failures())
			.containsExactly("the access answer cites events the bundle does not hold, at positions [1]");
		bundle.put("profile", "kz.consentledger.other/v1");
		assertThat(verify(bundle).failures()).containsExactly("unknown bundle profile \"kz.consentledger.other/v1\""
				+ " (this verifier reads " + BundleVerification.ACCESS_ANSWER + ")");
	}

	private BundleVerification verify(ObjectNode bundle) {
		return verify(bundle, this.ledger.trust());
	}

	private BundleVerification verify(ObjectNode bundle, Trust trust) {
		return BundleVerification.of(this.ledger.signed(bundle), trust);
	}

}
