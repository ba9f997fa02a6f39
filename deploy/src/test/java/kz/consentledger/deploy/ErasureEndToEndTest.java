package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import kz.consentledger.events.SubjectErased;
import kz.consentledger.proof.Hashes;
import kz.consentledger.verifier.BundleVerification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Erasure by crypto-shredding (issue 27, ADR 0025), end to end: personal fields sent
 * through Kafka read opened; the operator's DPO erases the subject over HTTP; then every
 * view shows them as {@code [erased]}, the key's row is a tombstone nobody can bring
 * back, the whole store still verifies, an export made afterwards verifies offline and
 * proves the erasure; an event that arrives later is stored without its personal fields;
 * a retried or repeated erasure never fails; whoever may not erase is refused; the
 * idempotency log keeps no plain hash of what the erased subject's events said, and one
 * operator's DPO cannot take another's {@code Idempotency-Key}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureEndToEndTest {

	private static final String OPERATOR = ExampleStory.OPERATOR;

	/** IPSM's, whose DPO is dpo-ipsm. */
	private static final String OTHER_OPERATOR = "190840027812";

	private static final String SUBJECT = "erasure-1";

	private static final String SUBJECT_PATH = "/api/v1/operators/" + OPERATOR + "/subjects/" + SUBJECT;

	private static final String ERASURE = SUBJECT_PATH + "/erasure";

	private static final Map<String, String> REASON = Map.of("X-Access-Reason", "erasure test");

	private static final String DPO = RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo");

	/** The personal data the subject's events carry, each sealed at ingestion. */
	private static final String[] PERSONAL = { "Parent of the subject", "birth-certificate-scan-5521", "203.0.113.24",
			"Mozilla/5.0 (X11; Linux x86_64)", "app-2026-11-02-0011", "Unpaid subscription period until 2026-11-30" };

	private static final String LATER_IP = "198.51.100.77";

	private static RunningLedger ledger;

	private static KafkaProducer<byte[], byte[]> producer;

	private static ObjectNode grant;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("erasure");
		producer = LedgerInfrastructure.get().producer(Map.of());
		send(ExampleStory.json("policy-published.json"));
		ObjectNode granted = ExampleStory.json("granted.json");
		((ObjectNode) granted.path("data")).set("grantedBy",
				ExampleStory.json("granted-by-representative.json").path("data").path("grantedBy"));
		grant = subjects(granted, "erasure-grant");
		send(grant);
		send(subjects(ExampleStory.json("withdrawn-refused.json"), "erasure-refusal"));
		await().atMost(Duration.ofSeconds(60)).until(() -> history().size() == 2);
	}

	@AfterAll
	static void stop() {
		producer.close();
		ledger.close();
	}

	@Test
	@Order(1)
	void beforeTheErasureThePersonalFieldsReadOpened() {
		String views = history().toString() + consents().text() + refusalsCsv();
		assertThat(views).contains(PERSONAL);
		assertThat(keyRow().get("wrapped_key")).isNotNull();
	}

	@Test
	@Order(2)
	void whoeverIsNotTheOperatorsDpoNorAnAdminIsRefusedAndBadInputTooNothingIsStored() {
		long before = ledger.storedEvents();
		String body = "{\"reason\":\"the subject's request\",\"requestedBy\":\"subject\"}";
		assertThat(erase(Map.of(), body).status()).isEqualTo(401);
		for (String account : List.of("dpo-ipsm:dpo-demo", "regulator:regulator-demo", "ingest:ingest-demo")) {
			String[] credentials = account.split(":");
			RunningLedger.Response refused = erase(
					Map.of("Authorization", RunningLedger.basic(credentials[0], credentials[1])), body);
			assertThat(refused.status()).as(account).isEqualTo(403);
			assertThat(refused.body().path("detail").asString()).as(account).isNotBlank();
		}
		Map<String, String> badBodies = Map.of("", "body", "{\"reason\":", "body", "[1]", "body",
				"{\"reason\":\"  \",\"requestedBy\":\"subject\"}", "reason", "{\"requestedBy\":\"subject\"}", "reason",
				"{\"reason\":\"r\",\"requestedBy\":\"the-neighbour\"}", "requestedBy",
				"{\"reason\":\"r\",\"requestedBy\":\"subject\",\"subjectName\":\"x\"}", "subjectName",
				"{\"reason\":\"" + "x".repeat(1001) + "\",\"requestedBy\":\"subject\"}", "reason",
				"{\"reason\":\"r\\u0000\",\"requestedBy\":\"subject\"}", "reason",
				"{\"reason\":\"r\",\"requestedBy\":\"subject\",\"requestRef\":7}", "requestRef");
		badBodies.forEach((bad, field) -> {
			RunningLedger.Response response = erase(Map.of("Authorization", DPO), bad);
			assertThat(response.status()).as(bad).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body().path("violations").findValuesAsString("field")).as(bad).contains(field);
		});
		RunningLedger.Response unknown = ledger.send("POST",
				ledger.commandUrl() + "/api/v1/operators/" + OPERATOR + "/subjects/nobody-here/erasure",
				Map.of("Authorization", DPO, "Content-Type", "application/json"),
				body.getBytes(StandardCharsets.UTF_8));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body().path("detail").asString()).contains("nobody-here");
		assertThat(ledger.storedEvents()).isEqualTo(before);
		assertThat(keyRow().get("wrapped_key")).isNotNull();
	}

	@Test
	@Order(3)
	void theDposErasureDestroysTheKeyInTheSameTransactionAndIsStoredOnceWhenRetried() {
		String body = "{\"reason\":\"the subject's request for destruction\",\"requestedBy\":\"subject\","
				+ "\"requestRef\":\"DSR-2026-0042\"}";
		Map<String, String> headers = Map.of("Authorization", DPO, "Idempotency-Key", "dsr-2026-0042");
		RunningLedger.Response erased = erase(headers, body);
		assertThat(erased.status()).as(erased.text()).isEqualTo(200);
		assertThat(erased.body().path("status").asString()).isEqualTo("appended");
		assertThat(erase(headers, body).body().path("status").asString()).isEqualTo("duplicate");
		assertThat(erase(headers, body.replace("0042", "0043")).status()).isEqualTo(409);

		Map<String, Object> key = keyRow();
		assertThat(key.get("wrapped_key")).isNull();
		assertThat(key.get("destroyed_at")).isNotNull();
		assertThat(key.get("created_at")).isNotNull();
		await().atMost(Duration.ofSeconds(60)).until(() -> history().size() == 3);
		JsonNode erasure = history().get(2);
		assertThat(erasure.path("type").asString()).isEqualTo("subject-erased");
		JsonNode details = erasure.path("details");
		assertThat(details.path("destroyed").asString()).isEqualTo("subject-key");
		assertThat(details.path("keyCreatedAt").asString()).isNotBlank();
		assertThat(ExampleStory.strings(details.path("fields"))).containsExactly("applicationRef", "evidence.ipAddress",
				"evidence.userAgent", "grantedBy.documentRef", "grantedBy.name", "refusal.detail");
		assertThat(details.path("requestedBy").asString()).isEqualTo("subject");
		assertThat(details.path("requestRef").asString()).isEqualTo("DSR-2026-0042");
		assertThat(details.path("erasedBy").asString()).isEqualTo("dpo-kinoqazaqsha");
		// The tombstone stays: not even the database's owner may give the key back or
		// remove the row.
		assertThatThrownBy(() -> ledger.jdbc()
			.update("UPDATE ledger.subject_key SET wrapped_key = '\\x00'::bytea, destroyed_at = NULL "
					+ "WHERE operator = ? AND subject = ?", OPERATOR, SUBJECT))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("may only have its key destroyed");
		assertThatThrownBy(() -> ledger.jdbc()
			.update("DELETE FROM ledger.subject_key WHERE operator = ? AND subject = ?", OPERATOR, SUBJECT))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("tombstone");
	}

	@Test
	@Order(4)
	void everyViewShowsTheSealedFieldsAsErased() {
		RunningLedger.Response asOf = ledger.get(SUBJECT_PATH + "/as-of?at=2026-11-30", REASON);
		String views = history().toString() + consents().text() + asOf.text() + refusalsCsv();
		assertThat(views).contains("[erased]").doesNotContain(PERSONAL);
		assertThat(consents().body().findValuesAsString("name")).contains("[erased]");
		assertThat(refusalsCsv()).contains("[erased]");
		// The stored events never held them in clear.
		assertThat(storedPayloads()).doesNotContain(PERSONAL);
	}

	@Test
	@Order(5)
	void theStoreStillVerifiesAndABundleExportedAfterwardsProvesTheErasure() {
		RunningLedger.Response sealed = ledger.postCommand("/api/v1/admin/checkpoints");
		assertThat(sealed.status()).as(sealed.text()).isEqualTo(200);
		RunningLedger.Response verification = ledger.postCommand("/api/v1/admin/verification");
		assertThat(verification.status()).isEqualTo(200);
		assertThat(verification.body().path("intact").asBoolean()).as(verification.text()).isTrue();

		byte[] bundle = ledger.getBytes(SUBJECT_PATH + "/export", REASON);
		BundleVerification offline = ExportTrust.verify(ledger, bundle);
		assertThat(offline.verified()).as(offline.failures().toString()).isTrue();
		assertThat(offline.subjectEvents()).filteredOn((event) -> event.event() instanceof SubjectErased)
			.singleElement()
			.satisfies((event) -> {
				SubjectErased erased = (SubjectErased) event.event();
				assertThat(erased.requestRef()).isEqualTo("DSR-2026-0042");
				assertThat(erased.fields()).contains("grantedBy.name");
			});
		// Proven by inclusion under the witnessed checkpoint, not only listed.
		JsonNode entry = offline.bundle()
			.path("events")
			.valueStream()
			.filter((event) -> event.path("payloadType").asString().equals(SubjectErased.class.getName()))
			.findFirst()
			.orElseThrow();
		assertThat(entry.path("inclusionProof").isArray()).as(entry.toString()).isTrue();
		assertThat(new String(bundle, StandardCharsets.UTF_8)).doesNotContain(PERSONAL);

		Map<String, String> labels = Map.of("en", "Subject erased", "ru", "Субъект стёрт", "kk", "Субъект өшірілді");
		labels.forEach((language,
				label) -> assertThat(ledger.get(SUBJECT_PATH + "/export.html?lang=" + language, REASON).text())
					.as(language)
					.contains(label, "DSR-2026-0042")
					.doesNotContain(PERSONAL));
	}

	@Test
	@Order(6)
	void anEventArrivingLaterIsStoredWithoutItsPersonalFieldsAndAnotherErasureIsStoredToo() {
		ObjectNode later = subjects(ExampleStory.json("granted.json"), "erasure-later-grant");
		((ObjectNode) later.path("data").path("evidence")).put("ipAddress", LATER_IP);
		send(later);
		await().atMost(Duration.ofSeconds(60)).until(() -> history().size() == 4);
		JsonNode stored = history().stream()
			.filter((item) -> item.path("eventId").asString().equals("erasure-later-grant"))
			.findFirst()
			.orElseThrow();
		assertThat(stored.path("details").path("evidence").path("ipAddress").asString()).isEqualTo("[erased]");
		assertThat(stored.path("details").path("purposes").size()).isEqualTo(3);
		assertThat(storedPayloads()).doesNotContain(LATER_IP);
		assertThat(keyRow().get("wrapped_key")).isNull();

		RunningLedger.Response again = erase(Map.of("Authorization", RunningLedger.basic("admin", "admin-demo")),
				"{\"reason\":\"court order 2-114/2026\",\"requestedBy\":\"court\"}");
		assertThat(again.status()).as(again.text()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(60)).until(() -> history().size() == 5);
		JsonNode second = history().get(4).path("details");
		assertThat(second.path("destroyed").asString()).isEqualTo("already-destroyed");
		assertThat(second.path("erasedBy").asString()).isEqualTo("admin");
		assertThat(ledger.postCommand("/api/v1/admin/verification").body().path("intact").asBoolean()).isTrue();
	}

	@Test
	@Order(7)
	void aRedeliveryIsStillRecognisedButTheLogHoldsNoPlainHashToGuessTheErasedFieldsBy() {
		RunningLedger.Response again = ledger.post("application/cloudevents+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(grant));
		assertThat(again.status()).as(again.text()).isEqualTo(200);
		assertThat(again.body().path("results").get(0).path("status").asString()).isEqualTo("duplicate");

		// What the grant said, as the idempotency log's digest is made of it: with the
		// erased fields guessed right, a plain SHA-256 of it would match.
		ObjectNode content = ExampleStory.JSON.createObjectNode();
		content.put("type", grant.path("type").asString());
		content.put("subject", SUBJECT);
		content.put("time", OffsetDateTime.parse(grant.path("time").asString()).toInstant().toString());
		content.set("data", grant.path("data"));
		assertKeyedDigest("erasure-grant", Hashes.canonical(content.toString()));
		String erasure = String.join("\n", OPERATOR, SUBJECT, "the subject's request for destruction", "subject",
				"DSR-2026-0042", "dpo-kinoqazaqsha");
		assertKeyedDigest("dsr-2026-0042", erasure.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	@Order(8)
	void oneOperatorsDpoCannotTakeAnothersIdempotencyKeyFirst() {
		ObjectNode policy = ExampleStory.json("policy-published.json").put("id", "erasure-ipsm-policy");
		((ObjectNode) policy.path("data")).put("operator", OTHER_OPERATOR);
		ObjectNode granted = ExampleStory.json("granted.json").put("id", "erasure-ipsm-grant").put("subject", SUBJECT);
		((ObjectNode) granted.path("data")).put("operator", OTHER_OPERATOR);
		for (ObjectNode event : List.of(policy, granted)) {
			RunningLedger.Response stored = ledger.post("application/cloudevents+json", Map.of(),
					ExampleStory.JSON.writeValueAsBytes(event));
			assertThat(stored.status()).as(stored.text()).isEqualTo(200);
		}
		String body = "{\"reason\":\"the subject's request\",\"requestedBy\":\"subject\"}";
		RunningLedger.Response other = ledger.send("POST",
				ledger.commandUrl() + "/api/v1/operators/" + OTHER_OPERATOR + "/subjects/" + SUBJECT + "/erasure",
				Map.of("Authorization", RunningLedger.basic("dpo-ipsm", "dpo-demo"), "Idempotency-Key", "dsr-shared-7",
						"Content-Type", "application/json"),
				body.getBytes(StandardCharsets.UTF_8));
		RunningLedger.Response own = erase(Map.of("Authorization", DPO, "Idempotency-Key", "dsr-shared-7"), body);

		assertThat(other.status()).as(other.text()).isEqualTo(200);
		assertThat(own.status()).as(own.text()).isEqualTo(200);
		assertThat(List.of(other, own))
			.allSatisfy((response) -> assertThat(response.body().path("status").asString()).isEqualTo("appended"));
		assertThat(other.body().path("source").asString())
			.isEqualTo("urn:consent-ledger:erasure:" + OTHER_OPERATOR + ":dpo-ipsm");
		assertThat(own.body().path("source").asString())
			.isEqualTo("urn:consent-ledger:erasure:" + OPERATOR + ":dpo-kinoqazaqsha");
		assertThat(ledger.jdbc()
			.queryForList("SELECT operator FROM ledger.ingested_event WHERE event_id = 'dsr-shared-7'", String.class))
			.containsExactlyInAnyOrder(OPERATOR, OTHER_OPERATOR);
	}

	/**
	 * The log's row of {@code id} holds an HMAC under the master key's secret, not the
	 * plain SHA-256 of {@code content}.
	 */
	private static void assertKeyedDigest(String id, byte[] content) {
		Map<String, Object> row = ledger.jdbc()
			.queryForMap("SELECT content_sha256, content_digest_kind FROM ledger.ingested_event WHERE event_id = ?",
					id);
		assertThat(row.get("content_digest_kind")).as(id).isEqualTo("hmac-sha256");
		assertThat((String) row.get("content_sha256")).as(id)
			.matches("[0-9a-f]{64}")
			.isNotEqualTo(Hashes.hex(Hashes.sha256(content)));
	}

	private static RunningLedger.Response erase(Map<String, String> headers, String body) {
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.put("Content-Type", "application/json");
		return ledger.send("POST", ledger.commandUrl() + ERASURE, all, body.getBytes(StandardCharsets.UTF_8));
	}

	private static ObjectNode subjects(ObjectNode event, String id) {
		return event.put("subject", SUBJECT).put("id", id);
	}

	private static void send(ObjectNode event) {
		String key = event.path("data").path("operator").asString()
				+ (event.has("subject") ? ":" + event.path("subject").asString() : "");
		try {
			producer
				.send(new ProducerRecord<>(ledger.topic(), key.getBytes(StandardCharsets.UTF_8),
						ExampleStory.JSON.writeValueAsBytes(event)))
				.get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<JsonNode> history() {
		RunningLedger.Response history = ledger.get(SUBJECT_PATH + "/history", REASON);
		return (history.status() == 200) ? history.body().path("items").valueStream().toList() : List.of();
	}

	private static RunningLedger.Response consents() {
		return ledger.get(SUBJECT_PATH + "/consents", REASON);
	}

	private static String refusalsCsv() {
		return ledger.get("/api/v1/operators/" + OPERATOR + "/dashboard/tables/refusals?format=csv").text();
	}

	private static Map<String, Object> keyRow() {
		return ledger.jdbc()
			.queryForMap("SELECT wrapped_key, created_at, destroyed_at FROM ledger.subject_key "
					+ "WHERE operator = ? AND subject = ?", OPERATOR, SUBJECT);
	}

	/** Every stored payload of the subject, as text. */
	private static String storedPayloads() {
		return String.join("\n",
				ledger.jdbc()
					.queryForList("SELECT convert_from(payload, 'UTF8') FROM ledger.domain_event_entry "
							+ "WHERE aggregate_identifier = ?", String.class, OPERATOR + ":" + SUBJECT));
	}

}
