package kz.consentledger.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import kz.consentledger.verifier.BundleVerification;
import kz.consentledger.verifier.Trust;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a regulator asks of the example story: the consent as of several instants, on the
 * business and the ledger time axes; an export that the offline verifier (the real jar,
 * in its own process) accepts, whose replay equals the service's answers, and that fails
 * on any altered byte; and the audit trail of all those reads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegulatorHistoryEndToEndTest {

	private static final String SUBJECT_PATH = "/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/"
			+ ExampleStory.SUBJECT;

	private static final Map<String, String> REGULATOR = Map.of("Authorization",
			TestIdentityProvider.get().bearer("inspector-7", List.of("regulator"), List.of("*")), "X-Access-Reason",
			"complaint 2026-114");

	private static final Path VERIFIER_JAR = Path.of("..", "ledger-verifier", "target", "ledger-verifier.jar");

	private static RunningLedger ledger;

	/** Ledger time after the story and before the late event. */
	private static Instant beforeLateEvent;

	private static JsonNode ledgerAnswerBeforeLateEvent;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("regulator");
		ExampleStory.firstEight()
			.forEach((file) -> assertThat(
					ledger.post("application/cloudevents+json", Map.of(), ExampleStory.bytes(file)).status())
				.isEqualTo(200));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ExampleStory.assertStateAfterEight(ledger));
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	@Order(1)
	void theStoryAsOfSeveralInstants() {
		JsonNode beforeGrant = asOf("2026-10-01", null);
		assertThat(beforeGrant.path("state").path("purposes").isEmpty()).isTrue();
		assertThat(beforeGrant.path("state").path("eventsApplied").asInt()).isZero();
		assertThat(beforeGrant.path("history").isEmpty()).isTrue();

		JsonNode october = asOf("2026-10-25", null).path("state");
		assertThat(statuses(october))
			.isEqualTo(Map.of("marketing", "active", "notifications", "active", "service-provision", "active"));
		assertThat(october.path("sharings").asInt()).isEqualTo(1);

		JsonNode between = asOf("2026-11-03T00:00:00+05:00", null);
		JsonNode state = between.path("state");
		assertThat(statuses(state))
			.isEqualTo(Map.of("marketing", "withdrawn", "notifications", "active", "service-provision", "active"));
		assertThat(purpose(state, "marketing").path("since").asString()).isEqualTo("2026-11-01T04:12:44Z");
		assertThat(purpose(state, "marketing").path("stopDueBy").asString()).isEqualTo("2026-11-20");
		assertThat(purpose(state, "service-provision").path("pendingRefusal").path("reason").asString())
			.isEqualTo("unfulfilled-obligation");
		assertThat(state.path("violations").asInt()).isZero();
		assertThat(between.path("history").valueStream().map((e) -> e.path("type").asString()).toList())
			.containsExactly("consent-granted", "data-shared", "consent-withdrawn", "consent-withdrawal-refused");

		JsonNode after = asOf("2026-11-30", null).path("state");
		assertThat(statuses(after))
			.isEqualTo(Map.of("marketing", "withdrawn", "notifications", "active", "service-provision", "active"));
		assertThat(after.path("sharings").asInt()).isEqualTo(3);
		assertThat(after.path("violations").asInt()).isEqualTo(1);

		RunningLedger.Response noReason = ledger.get(SUBJECT_PATH + "/as-of?at=2026-11-03");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.body().path("detail").asString()).contains("reason");
		assertThat(ledger.get(SUBJECT_PATH + "/as-of?at=yesterday", REGULATOR).body().path("detail").asString())
			.contains("parameter at");
	}

	@Test
	@Order(2)
	void aLateEventChangesTheBusinessTimeAnswerButNotAnEarlierLedgerTimeAnswer() {
		beforeLateEvent = Instant.now();
		JsonNode businessBefore = asOf("2026-11-03", null).path("state");
		ledgerAnswerBeforeLateEvent = asOf("2026-11-03", beforeLateEvent.toString()).path("state");
		assertThat(purpose(businessBefore, "notifications").path("status").asString()).isEqualTo("active");

		// Received today, happened on 28 October: notifications withdrawn by phone.
		ObjectNode late = ExampleStory.json("withdrawn.json");
		late.put("id", "late-withdrawal-1");
		late.put("time", "2026-10-28T10:00:00+05:00");
		((ObjectNode) late.path("data")).putArray("purposes").add("notifications");
		assertThat(ledger.post("application/cloudevents+json", Map.of(), ExampleStory.JSON.writeValueAsBytes(late))
			.status()).isEqualTo(200);

		JsonNode businessAfter = asOf("2026-11-03", null).path("state");
		assertThat(purpose(businessAfter, "notifications").path("status").asString()).isEqualTo("withdrawn");
		assertThat(purpose(businessAfter, "notifications").path("since").asString()).isEqualTo("2026-10-28T05:00:00Z");
		assertThat(asOf("2026-10-27", null).path("state").path("eventsApplied").asInt()).isEqualTo(2);

		JsonNode ledgerAfter = asOf("2026-11-03", beforeLateEvent.toString()).path("state");
		assertThat(ledgerAfter).isEqualTo(ledgerAnswerBeforeLateEvent);
		assertThat(purpose(ledgerAfter, "notifications").path("status").asString()).isEqualTo("active");
	}

	@Test
	@Order(3)
	void anExportVerifiesOfflineAndItsReplayEqualsTheServicesAnswers(@TempDir Path dir)
			throws IOException, InterruptedException {
		assertThat(ledger.postCommand("/api/v1/admin/checkpoints").status()).isEqualTo(200);
		// The regulator keeps the newest checkpoint and asks for an export that extends
		// it.
		String kept = ledger.getCommand("/api/v1/ledger/checkpoint").text();
		Path keptFile = Files.writeString(dir.resolve("checkpoint.txt"), kept);
		byte[] bundle = ledger.getBytes(SUBJECT_PATH + "/export?trustedSize=" + kept.lines().skip(1).findFirst().get(),
				REGULATOR);
		Path bundleFile = Files.write(dir.resolve("bundle.json"), bundle);
		Path keyFile = Files.writeString(dir.resolve("ledger-public-key.pem"), ExportTrust.ledgerKey(ledger));
		String witness = ExportTrust.witness(ledger);
		JsonNode parsed = ExampleStory.JSON.readTree(bundle);
		assertThat(parsed.path("events").size()).isEqualTo(7);
		assertThat(parsed.path("policies").size()).isEqualTo(1);
		assertThat(parsed.path("exportedFor").path("reason").asString()).isEqualTo("complaint 2026-114");

		List<String> instants = List.of("2026-10-25", "2026-11-03", "2026-11-30T12:00:00+05:00");
		List<String> command = new ArrayList<>(List.of("verify", "--bundle", bundleFile.toString(), "--public-key",
				keyFile.toString(), "--witness", witness, "--trusted-checkpoint", keptFile.toString(), "--known-at",
				beforeLateEvent.toString(), "--json"));
		instants.forEach((at) -> command.addAll(List.of("--at", at)));
		Run verified = verifier(command);
		assertThat(verified.exit()).as(verified.err()).isZero();
		assertThat(verified.err())
			.contains("VERIFIED", "are the same tree",
					"holds 7 events; the bundle holds all of them, each proven included")
			.doesNotContain("FAIL");
		JsonNode replayed = ExampleStory.JSON.readTree(verified.out());
		for (int i = 0; i < instants.size(); i++) {
			assertThat(replayed.get(i)).as(instants.get(i))
				.isEqualTo(asOf(instants.get(i), beforeLateEvent.toString()).path("state"));
		}
		assertThat(replayed.get(1)).isEqualTo(ledgerAnswerBeforeLateEvent);
		Run today = verifier(List.of("verify", "--bundle", bundleFile.toString(), "--ledger-key",
				ledger.getCommand("/api/v1/ledger/vkey").text().strip(), "--witness", witness, "--json", "--at",
				"2026-11-03"));
		assertThat(ExampleStory.JSON.readTree(today.out()).get(0))
			.isEqualTo(asOf("2026-11-03", parsed.path("exportedAt").asString()).path("state"));

		byte[] altered = bundle.clone();
		// Bytes, not characters: the checkpoint note before the events holds em dashes.
		int payloadDigit = new String(bundle, StandardCharsets.ISO_8859_1).indexOf("2026-11-01T04:12:44Z") + 3;
		altered[payloadDigit] = (byte) '7';
		Run rejected = verifier(
				List.of("verify", "--bundle", Files.write(dir.resolve("altered.json"), altered).toString(),
						"--public-key", keyFile.toString(), "--witness", witness));
		assertThat(rejected.exit()).isEqualTo(1);
		assertThat(rejected.out()).contains("NOT VERIFIED")
			.contains("bundle signature does not verify")
			.contains("does not match its event hash");
	}

	@Test
	@Order(4)
	void theHtmlRenderingIsInTheAskedLanguage() {
		for (Map.Entry<String, String> language : Map
			.of("kk", "Келісімдер тізілімінен үзінді", "ru", "Выписка из реестра согласий", "en",
					"Consent ledger export")
			.entrySet()) {
			RunningLedger.Response html = ledger.get(SUBJECT_PATH + "/export.html?lang=" + language.getKey(),
					REGULATOR);
			assertThat(html.status()).isEqualTo(200);
			assertThat(html.contentType()).startsWith("text/html");
			assertThat(html.text()).contains("<html lang=\"" + language.getKey() + "\"", language.getValue())
				.contains("adnet-eu", "complaint 2026-114")
				.doesNotContain("<script", "http://", "https://");
		}
		assertThat(ledger.get(SUBJECT_PATH + "/export.html?lang=de", REGULATOR).status()).isEqualTo(400);
	}

	@Test
	@Order(5)
	void everyAlteredByteOfABundleFailsVerification() {
		ledger.postCommand("/api/v1/admin/checkpoints");
		byte[] bundle = ledger.getBytes(SUBJECT_PATH + "/export", REGULATOR);
		Trust trust = ExportTrust.of(ledger);
		assertThat(BundleVerification.of(bundle, trust).verified()).isTrue();
		for (int i = 0; i < bundle.length; i += 3) {
			byte[] altered = bundle.clone();
			altered[i] = (byte) (altered[i] ^ ((i % 2 == 0) ? 0x01 : 0x20));
			BundleVerification verification = BundleVerification.of(altered, trust);
			assertThat(verification.verified()).as("byte %d altered", i).isFalse();
			assertThat(verification.failures()).isNotEmpty();
		}
		String range = "?from=" + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(60);
		byte[] operatorBundle = ledger.getBytes("/api/v1/operators/" + ExampleStory.OPERATOR + "/export" + range,
				REGULATOR);
		BundleVerification operatorVerification = BundleVerification.of(operatorBundle, trust);
		assertThat(operatorVerification.verified()).as(operatorVerification.failures().toString()).isTrue();
		assertThat(operatorVerification.bundle().path("events").size()).isEqualTo(ledger.storedEvents());
		String otherKey = kz.consentledger.proof.LedgerKeys
			.publicKeyPem(kz.consentledger.proof.LedgerKeys.generate().getPublic());
		assertThat(BundleVerification.of(bundle, Trust.of(List.of(otherKey), List.of(ExportTrust.witness(ledger)), 1))
			.failures()).anySatisfy((failure) -> assertThat(failure).contains("no trusted ledger key signed it"))
			.anySatisfy((failure) -> assertThat(failure).startsWith("the bundle signature does not verify"));
	}

	@Test
	@Order(6)
	void everyReadIsInTheAccessAuditWhichIsAppendOnly() {
		Map<String, String> dpo = Map.of("Authorization", RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo"));
		RunningLedger.Response shown = ledger.get(SUBJECT_PATH + "/consents", dpo);
		assertThat(shown.status()).isEqualTo(200);
		// Looking for someone is an access too, even when there is no one to find.
		String unknownPath = "/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/nobody-of-that-name";
		assertThat(ledger.get(unknownPath + "/consents", dpo).status()).isEqualTo(404);
		assertThat(ledger.get(unknownPath + "/history", dpo).status()).isEqualTo(404);
		assertThat(ledger
			.get("/api/v1/audit/accesses?subject=nobody-of-that-name&operator=" + ExampleStory.OPERATOR, REGULATOR)
			.body()
			.valueStream()
			.map((r) -> r.path("action").asString())).contains("read-consent", "read-history");
		RunningLedger.Response trail = ledger.get(
				"/api/v1/audit/accesses?subject=" + ExampleStory.SUBJECT + "&operator=" + ExampleStory.OPERATOR,
				REGULATOR);
		assertThat(trail.status()).isEqualTo(200);
		List<JsonNode> records = trail.body().valueStream().toList();
		assertThat(records).extracting((r) -> r.path("action").asString())
			.contains("read-consent", "read-history", "as-of", "export");
		assertThat(records).filteredOn((r) -> r.path("action").asString().equals("export")).allSatisfy((r) -> {
			assertThat(r.path("actor").asString()).isEqualTo("inspector-7");
			assertThat(r.path("reason").asString()).isEqualTo("complaint 2026-114");
			assertThat(r.path("subject").asString()).isEqualTo(ExampleStory.SUBJECT);
		});
		assertThat(records).anySatisfy((r) -> {
			assertThat(r.path("action").asString()).isEqualTo("read-consent");
			assertThat(r.path("actor").asString()).isEqualTo("dpo-kinoqazaqsha");
			assertThat(r.path("reason").asString()).isEqualTo("not stated");
		});
		RunningLedger.Response csv = ledger.get("/api/v1/audit/accesses?format=csv&subject=" + ExampleStory.SUBJECT,
				REGULATOR);
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.text()).startsWith("id,accessed_at,actor").contains("\"inspector-7\"");
		assertThatThrownBy(() -> ledger.jdbc().update("UPDATE query.access_audit SET actor = 'nobody'"))
			.hasMessageContaining("append-only");

		// The record is written beside the read: a read whose record fails is not shown.
		String purpose = shown.body().path("purposes").path(0).path("purpose").asString();
		assertThat(purpose).isNotBlank();
		ledger.jdbc()
			.execute("CREATE FUNCTION query.refuse_record() RETURNS TRIGGER LANGUAGE plpgsql AS "
					+ "$$ BEGIN RAISE EXCEPTION 'the audit is down'; END $$");
		ledger.jdbc()
			.execute("CREATE TRIGGER refuse_record BEFORE INSERT ON query.access_audit "
					+ "FOR EACH ROW EXECUTE FUNCTION query.refuse_record()");
		try {
			RunningLedger.Response unrecorded = ledger.get(SUBJECT_PATH + "/consents", dpo);
			assertThat(unrecorded.status()).isEqualTo(500);
			assertThat(unrecorded.text()).doesNotContain(purpose);
			assertThat(ledger.get(SUBJECT_PATH + "/history", dpo).status()).isEqualTo(500);
		}
		finally {
			ledger.jdbc().execute("DROP TRIGGER refuse_record ON query.access_audit");
			ledger.jdbc().execute("DROP FUNCTION query.refuse_record()");
		}
		assertThat(ledger.get(SUBJECT_PATH + "/consents", dpo).body()).isEqualTo(shown.body());
	}

	@Test
	@Order(7)
	void rebuiltProjectionsHaveTheChecksumOfTheLiveOnes() {
		JsonNode live = ledger.get("/api/v1/admin/projections/checksums").body();
		assertThat(live.path("query.history_entry").asString()).isNotEqualTo("empty");
		// A damaged projection: the rebuild must restore it from the event store, not
		// keep it.
		ledger.jdbc().update("UPDATE query.current_consent SET status = 'damaged' WHERE purpose = 'marketing'");
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isNotEqualTo(live);

		RunningLedger.Response started = ledger.postQuery("/api/v1/admin/projections/consent-projections/rebuild");
		assertThat(started.status()).as(started.text()).isEqualTo(202);
		assertThat(started.body().path("positionsTotal").asLong()).isEqualTo(
				ledger.jdbc().queryForObject("SELECT max(global_index) FROM ledger.domain_event_entry", Long.class));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode status = ledger.get("/api/v1/admin/projections/consent-projections/rebuild").body();
			assertThat(status.path("state").asString()).isEqualTo("done");
			assertThat(status.path("positionsDone").asLong()).isEqualTo(status.path("positionsTotal").asLong());
		});
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isEqualTo(live);
		assertThat(ledger.postQuery("/api/v1/admin/projections/nothing/rebuild").body().path("detail").asString())
			.contains("there is no rebuildable processor nothing");
	}

	private static JsonNode asOf(String at, String knownAt) {
		String path = SUBJECT_PATH + "/as-of?at=" + at.replace("+", "%2B")
				+ ((knownAt != null) ? "&knownAt=" + knownAt : "");
		RunningLedger.Response response = ledger.get(path, REGULATOR);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.body();
	}

	private static Map<String, String> statuses(JsonNode state) {
		Map<String, String> statuses = new java.util.TreeMap<>();
		state.path("purposes").forEach((p) -> statuses.put(p.path("purpose").asString(), p.path("status").asString()));
		return statuses;
	}

	private static JsonNode purpose(JsonNode state, String name) {
		return state.path("purposes")
			.valueStream()
			.filter((p) -> p.path("purpose").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " in " + state));
	}

	private static Run verifier(List<String> args) throws IOException, InterruptedException {
		assertThat(VERIFIER_JAR).as("built by the ledger-verifier module").exists();
		List<String> command = new ArrayList<>(List
			.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", VERIFIER_JAR.toString()));
		command.addAll(args);
		Process process = new ProcessBuilder(command).start();
		byte[] out = process.getInputStream().readAllBytes();
		byte[] err = process.getErrorStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
				new String(err, StandardCharsets.UTF_8));
	}

	private record Run(int exit, String out, String err) {
	}

}
