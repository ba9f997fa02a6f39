package kz.consentledger.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import kz.consentledger.command.CommandApplication;
import kz.consentledger.command.proof.CheckpointSealer;
import kz.consentledger.command.proof.LedgerVerification;
import kz.consentledger.command.proof.VerificationReport;
import kz.consentledger.command.proof.WitnessCosigning;
import kz.consentledger.proof.Chain;
import kz.consentledger.proof.ChainBuilder;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.LedgerCheckpoint;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.StoredEvent;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attacks of issue 26 by someone who owns the database (and so the application's role
 * and more): each is caught by the whole-store verification, which trusts only the
 * configured keys and the witness, and names the event wherever there is one. Each test
 * runs its own ledger: the attacks are not undone.
 */
class TrustAnchorsEndToEndTest {

	@Test
	void checkpointsAreCosignedNotesWithInclusionAndConsistencyProofs() {
		try (RunningLedger ledger = RunningLedger.start("anchors-proofs")) {
			postStory(ledger);
			SignedNote first = seal(ledger);
			LedgerCheckpoint claims = LedgerCheckpoint.parse(first.body());
			assertThat(claims.size()).isEqualTo(8);
			NoteVerifier ledgerKey = NoteVerifier.parse(ledger.getCommand("/api/v1/ledger/vkey").text().strip());
			NoteVerifier witness = NoteVerifier.parse(ledger.settings().get("ledger.proof.witnesses[0].vkey"));
			assertThat(first.verifiedBy(ledgerKey)).hasSize(1);
			assertThat(first.verifiedBy(witness)).hasSize(1);
			for (long position = 0; position < 8; position++) {
				JsonNode proof = ledger.getCommand("/api/v1/ledger/proofs/inclusion?position=" + position + "&size=8")
					.body();
				assertThat(MerkleTree.rootFromAuditPath(leaf(ledger.jdbc(), position), position, 8, hashes(proof)))
					.isEqualTo(claims.root());
			}
			postGrants(ledger, 5);
			SignedNote second = seal(ledger);
			LedgerCheckpoint later = LedgerCheckpoint.parse(second.body());
			assertThat(later.size()).isEqualTo(13);
			JsonNode consistency = ledger.getCommand("/api/v1/ledger/proofs/consistency?from=8&to=13").body();
			assertThat(MerkleTree.verifyConsistency(8, 13, claims.root(), later.root(), hashes(consistency))).isTrue();
			assertThat(MerkleTree.verifyConsistency(8, 13, later.root(), claims.root(), hashes(consistency))).isFalse();
			assertThat(verify(ledger, null).path("intact").asBoolean()).isTrue();
			assertThat(verify(ledger, first).path("intact").asBoolean()).isTrue();
		}
	}

	@Test
	void anEventAlteredWithTheChainRecomputedAroundItIsNamed() {
		try (RunningLedger ledger = RunningLedger.start("anchors-recompute")) {
			postStory(ledger);
			seal(ledger);
			JdbcTemplate db = ledger.jdbc();
			String aggregate = ExampleStory.OPERATOR + ":" + ExampleStory.SUBJECT;
			long position = db.queryForObject(
					"SELECT position FROM ledger.event_chain WHERE aggregate_identifier = ? AND aggregate_sequence = 2",
					Long.class, aggregate);
			String eventId = db.queryForObject("SELECT event_identifier FROM ledger.event_chain WHERE position = ?",
					String.class, position);
			triggers(db, "DISABLE");
			db.update("UPDATE ledger.domain_event_entry SET payload = overlay(payload placing "
					+ "(CASE WHEN get_byte(payload, 40) = 65 THEN 'B' ELSE 'A' END)::bytea from 41 for 1) "
					+ "WHERE event_identifier = ?", eventId);
			recomputeChainFrom(db, position);
			triggers(db, "ENABLE");
			JsonNode report = verify(ledger, null);
			assertThat(report.path("intact").asBoolean()).isFalse();
			JsonNode named = report.path("problems")
				.valueStream()
				.filter((p) -> p.path("kind").asString().equals("modified"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no event named in " + report));
			assertThat(named.path("eventId").asString()).isEqualTo(eventId);
			assertThat(named.path("subject").asString()).isEqualTo(ExampleStory.SUBJECT);
			assertThat(named.path("detail").asString()).contains("MAC");
			assertThat(report.path("problems").valueStream().map((p) -> p.path("kind").asString()))
				.contains("checkpoint-invalid")
				.doesNotContain("chain-altered");
		}
	}

	@Test
	void checkpointsResignedWithAKeyOfOnesOwnAreNotTrusted() {
		try (RunningLedger ledger = RunningLedger.start("anchors-resign")) {
			postStory(ledger);
			seal(ledger);
			JdbcTemplate db = ledger.jdbc();
			NoteSigner intruder = NoteSigner.ed25519(TestWitnesses.ORIGIN, LedgerKeys.generate());
			triggers(db, "DISABLE");
			db.query("SELECT size, note FROM ledger.tree_head", (row) -> {
				String body = SignedNote.parse(row.getString(2)).body();
				db.update("UPDATE ledger.tree_head SET note = ? WHERE size = ?",
						new SignedNote(body, List.of(intruder.sign(body, 1))).text(), row.getLong(1));
			});
			db.update("DELETE FROM ledger.cosignature");
			triggers(db, "ENABLE");
			JsonNode report = verify(ledger, null);
			assertThat(report.path("intact").asBoolean()).isFalse();
			// The scheduled seals may have made several checkpoints during the posts:
			// each is named.
			assertThat(details(report, "checkpoint-invalid")).isNotEmpty()
				.allSatisfy((detail) -> assertThat(detail).contains("no key the configuration trusts signed it"));
			// Nothing is sealed over them.
			RunningLedger.Response refused = ledger.postCommand("/api/v1/admin/checkpoints");
			assertThat(refused.status()).isEqualTo(409);
			assertThat(refused.text()).contains("is one a trusted key signed");
		}
	}

	@Test
	void aCheckpointRowSlippedInByTheAppRoleIsPassedOverAndNamed() {
		try (RunningLedger ledger = RunningLedger.start("anchors-slipped")) {
			postStory(ledger);
			seal(ledger);
			Map<String, String> settings = ledger.settings();
			JdbcTemplate app = new JdbcTemplate(new DriverManagerDataSource(settings.get("spring.datasource.url"),
					settings.get("spring.datasource.username"), settings.get("spring.datasource.password")));
			app.update(
					"INSERT INTO ledger.tree_head (size, root, note, frontier, sealed_at) VALUES (9, ?, 'garbage', ?, "
							+ "now())",
					new byte[32], new byte[0]);
			postGrants(ledger, 2);
			assertThat(LedgerCheckpoint.parse(seal(ledger).body()).size()).isEqualTo(10);
			assertThat(details(verify(ledger, null), "checkpoint-invalid")).singleElement()
				.asString()
				.contains("checkpoint of 9 positions is not a ledger checkpoint");
		}
	}

	@Test
	void aForgedCosignatureIsReported() {
		try (RunningLedger ledger = RunningLedger.start("anchors-cosignature")) {
			postStory(ledger);
			seal(ledger);
			JdbcTemplate db = ledger.jdbc();
			SignatureLine real = SignatureLine.parse(
					db.queryForObject("SELECT line FROM ledger.cosignature ORDER BY size DESC LIMIT 1", String.class));
			byte[] signature = real.signature();
			signature[signature.length - 1] ^= 1;
			db.execute("ALTER TABLE ledger.cosignature DISABLE TRIGGER USER");
			db.update("UPDATE ledger.cosignature SET line = ? WHERE size = (SELECT max(size) FROM ledger.cosignature)",
					new SignatureLine(real.name(), real.keyId(), signature).line());
			db.execute("ALTER TABLE ledger.cosignature ENABLE TRIGGER USER");
			assertThat(details(verify(ledger, null), "checkpoint-invalid")).singleElement()
				.asString()
				.contains("forged signature")
				.contains(real.name());
		}
	}

	@Test
	void aCutTailIsCaughtByTheWitnessAndByATrustedCheckpoint() {
		try (RunningLedger ledger = RunningLedger.start("anchors-cut")) {
			postStory(ledger);
			SignedNote kept = seal(ledger);
			postGrants(ledger, 4);
			SignedNote newest = seal(ledger);
			assertThat(verify(ledger, newest).path("intact").asBoolean()).isTrue();
			JdbcTemplate db = ledger.jdbc();
			triggers(db, "DISABLE");
			db.update("DELETE FROM ledger.domain_event_entry WHERE global_index IN "
					+ "(SELECT global_index FROM ledger.event_chain WHERE position >= 8)");
			db.update("DELETE FROM ledger.event_chain WHERE position >= 8");
			db.update("DELETE FROM ledger.cosignature WHERE size > 8");
			db.update("DELETE FROM ledger.tree_head WHERE size > 8");
			triggers(db, "ENABLE");
			JsonNode report = verify(ledger, null);
			assertThat(report.path("intact").asBoolean()).isFalse();
			assertThat(details(report, "history-cut")).singleElement()
				.asString()
				.contains("cosigned a tree of 12 positions")
				.contains("positions 8..11 were removed");
			assertThat(details(verify(ledger, newest), "history-cut"))
				.anySatisfy((detail) -> assertThat(detail).contains("the trusted checkpoint has 12 positions"));
			assertThat(details(verify(ledger, kept), "history-cut")).hasSize(1);
			// Nothing more is signed over a cut store, and the health says so.
			RunningLedger.Response refused = ledger.postCommand("/api/v1/admin/checkpoints");
			assertThat(refused.status()).isEqualTo(409);
			assertThat(refused.text()).contains("the store was cut or rolled back");
			JsonNode health = ledger.getCommand("/actuator/health").body();
			assertThat(health.path("components").path("checkpoints").path("status").asString()).isEqualTo("DOWN");
			assertThat(health.path("components").path("checkpoints").path("details").path("sealing").asString())
				.contains("cut or rolled back");
		}
	}

	@Test
	void aForgedTrustedCheckpointIsRefused() {
		try (RunningLedger ledger = RunningLedger.start("anchors-forged")) {
			postStory(ledger);
			SignedNote real = seal(ledger);
			LedgerCheckpoint claims = LedgerCheckpoint.parse(real.body());
			NoteSigner intruder = NoteSigner.ed25519(TestWitnesses.ORIGIN, LedgerKeys.generate());
			String body = new LedgerCheckpoint(claims.origin(), claims.size(), Hashes.sha256(new byte[] { 1 }),
					claims.headsRoot(), claims.auditCount(), claims.auditHead())
				.body();
			JsonNode report = verify(ledger, new SignedNote(body, List.of(intruder.sign(body, 1))));
			assertThat(report.path("problems").valueStream().map((p) -> p.path("kind").asString()))
				.containsExactly("trusted-checkpoint-invalid");
		}
	}

	@Test
	void aSwappedKeyStopsTheServiceAndARotationBothKeysSignedIsFollowed() throws Exception {
		Map<String, String> settings = RunningLedger.settings("anchors-rotation");
		try (ConfigurableApplicationContext first = RunningLedger.run(CommandApplication.application(), settings)) {
			ExampleStory.firstEight()
				.forEach((file) -> assertThat(ingest(first, ExampleStory.bytes(file))).isEqualTo(200));
			assertThat(first.getBean(CheckpointSealer.class).sealAll()).hasSize(1);
		}
		Map<String, String> swapped = new HashMap<>(settings);
		Path newKey = Files.createTempDirectory("anchors-new-key").resolve("key.pem");
		KeyPair pair = LedgerKeys.generate();
		Files.writeString(newKey,
				LedgerKeys.privateKeyPem(pair.getPrivate()) + LedgerKeys.publicKeyPem(pair.getPublic()));
		swapped.put("ledger.proof.signing-key-file", newKey.toString());
		assertThatThrownBy(() -> RunningLedger.run(CommandApplication.application(), swapped).close())
			.hasStackTraceContaining("is neither trusted by the configuration");
		swapped.put("ledger.proof.previous-signing-key-file", settings.get("ledger.proof.signing-key-file"));
		try (ConfigurableApplicationContext rotated = RunningLedger.run(CommandApplication.application(), swapped)) {
			JdbcTemplate db = RunningLedger.ownerJdbc(settings);
			assertThat(db.queryForObject("SELECT count(*) FROM ledger.key_rotation", Long.class)).isEqualTo(1);
			VerificationReport before = rotated.getBean(LedgerVerification.class).verify();
			assertThat(before.intact()).as(before.toString()).isTrue();
			ObjectNode grant = ExampleStory.json("granted.json");
			grant.put("id", UUID.randomUUID().toString());
			assertThat(ingest(rotated, grant.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
			rotated.getBean(CheckpointSealer.class).sealAll();
			// The new key is reached through the statement; the witness, configured with
			// the old key only, refuses
			// to cosign until its operator adds the new one, and the health says so.
			VerificationReport after = rotated.getBean(LedgerVerification.class).verify();
			assertThat(after.intact()).as(after.toString()).isTrue();
			assertThat(after.sealedPositions()).isEqualTo(9);
			assertThat(rotated.getBean(WitnessCosigning.class).problems().values()).singleElement()
				.asString()
				.contains("403");
		}
	}

	private static int ingest(ConfigurableApplicationContext command, byte[] event) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:"
							+ command.getEnvironment().getProperty("local.server.port") + "/api/v1/events"))
					.header("Authorization", RunningLedger.superuser())
					.header("Content-Type", "application/cloudevents+json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(event))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (java.io.IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void postStory(RunningLedger ledger) {
		ExampleStory.firstEight()
			.forEach((file) -> assertThat(
					ledger.post("application/cloudevents+json", Map.of(), ExampleStory.bytes(file)).status())
				.isEqualTo(200));
	}

	/** Grants of new subjects, one event each. */
	private static void postGrants(RunningLedger ledger, int count) {
		for (int i = 0; i < count; i++) {
			ObjectNode event = ExampleStory.json("granted.json");
			event.put("id", UUID.randomUUID().toString());
			event.put("subject", "anchors-" + UUID.randomUUID().toString().substring(0, 8));
			assertThat(ledger
				.post("application/cloudevents+json", Map.of(), event.toString().getBytes(StandardCharsets.UTF_8))
				.status()).isEqualTo(200);
		}
	}

	private static SignedNote seal(RunningLedger ledger) {
		assertThat(ledger.postCommand("/api/v1/admin/checkpoints").status()).isEqualTo(200);
		return SignedNote.parse(ledger.getCommand("/api/v1/ledger/checkpoint").text());
	}

	private static JsonNode verify(RunningLedger ledger, SignedNote trusted) {
		Map<String, String> headers = new HashMap<>();
		headers.put("Authorization", RunningLedger.superuser());
		headers.put("Content-Type", "text/plain");
		RunningLedger.Response response = ledger.send("POST", ledger.commandUrl() + "/api/v1/admin/verification",
				headers, (trusted != null) ? trusted.text().getBytes(StandardCharsets.UTF_8) : new byte[0]);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.body();
	}

	private static List<String> details(JsonNode report, String kind) {
		return report.path("problems")
			.valueStream()
			.filter((p) -> p.path("kind").asString().equals(kind))
			.map((p) -> p.path("detail").asString())
			.toList();
	}

	private static List<byte[]> hashes(JsonNode proof) {
		return proof.path("proof").valueStream().map((h) -> Base64.getDecoder().decode(h.asString())).toList();
	}

	private static byte[] leaf(JdbcTemplate db, long position) {
		return db.queryForObject(
				"SELECT global_index, event_hash, stream_hash FROM ledger.event_chain WHERE position = ?",
				(row, n) -> Chain.leafHash(position, row.getLong(1), row.getBytes(2), row.getBytes(3)), position);
	}

	/**
	 * What an attacker who knows the scheme does after altering an event: every hash of
	 * the chain from its position on, recomputed from the stored events (the leaf MACs
	 * cannot be: the key is not in the database).
	 */
	private static void recomputeChainFrom(JdbcTemplate db, long position) {
		byte[] ledgerHash = db.queryForObject("SELECT ledger_hash FROM ledger.event_chain WHERE position = ?",
				byte[].class, position - 1);
		Map<String, byte[]> heads = new HashMap<>();
		db.query(
				"SELECT aggregate_identifier, stream_hash FROM ledger.event_chain WHERE position < ? ORDER BY position",
				(row) -> {
					heads.put(row.getString(1), row.getBytes(2));
				}, position);
		List<StoredEvent> events = new ArrayList<>();
		db.query("SELECT " + StoredEvent.COLUMNS + " FROM ledger.event_chain c JOIN ledger.domain_event_entry e "
				+ "ON e.global_index = c.global_index WHERE c.position >= ? ORDER BY c.position", (row) -> {
					events.add(StoredEvent.fromRow(row));
				}, position);
		ChainBuilder chain = new ChainBuilder(position - 1, ledgerHash, heads, StoredEvent.ENVELOPE);
		for (StoredEvent event : events) {
			ChainBuilder.Link link = chain.append(event);
			db.update(
					"UPDATE ledger.event_chain SET event_hash = ?, stream_hash = ?, ledger_hash = ? WHERE position = ?",
					link.eventHash(), link.streamHash(), link.ledgerHash(), link.position());
		}
	}

	private static void triggers(JdbcTemplate db, String action) {
		for (String table : List.of("domain_event_entry", "event_chain", "tree_head", "cosignature")) {
			db.execute("ALTER TABLE ledger." + table + " " + action + " TRIGGER USER");
		}
	}

}
