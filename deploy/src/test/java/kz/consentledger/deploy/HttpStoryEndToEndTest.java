package kz.consentledger.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import kz.consentledger.command.proof.EventChainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same story posted over HTTP to a fresh ledger gives the same answer as through
 * Kafka; bad requests get RFC 9457 problem details naming every bad field.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpStoryEndToEndTest {

	private static final String STRUCTURED = "application/cloudevents+json";

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("http_story");
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	@Order(1)
	void theStoryOverHttpGivesTheSameStateAsOverKafka() {
		// 1 and 2 structured, 3 binary, the rest as one batch.
		assertAppended(ledger.post(STRUCTURED, Map.of(), ExampleStory.bytes("policy-published.json")));
		assertAppended(ledger.post(STRUCTURED, Map.of(), ExampleStory.bytes("granted.json")));
		assertAppended(postBinary("granted-by-representative.json"));
		ArrayNode batch = ExampleStory.JSON.createArrayNode();
		ExampleStory.firstEight().skip(3).forEach((file) -> batch.add(ExampleStory.json(file)));
		RunningLedger.Response response = ledger.post("application/cloudevents-batch+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(batch));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().path("results").size()).isEqualTo(5);

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ExampleStory.assertStateAfterEight(ledger));

		RunningLedger.Response again = ledger.post(STRUCTURED, Map.of(), ExampleStory.bytes("granted.json"));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().path("results").get(0).path("status").asString()).isEqualTo("duplicate");
		assertThat(ledger.storedEvents()).isEqualTo(8);
	}

	@Test
	void aMalformedEventGets400WithEveryViolation() {
		ObjectNode bad = ExampleStory.json("data-shared.json");
		bad.put("id", "http-bad-1");
		bad.remove("time");
		ObjectNode data = (ObjectNode) bad.path("data");
		data.put("operator", "123");
		data.put("legalBasis", "state-request");
		data.remove("purpose");
		RunningLedger.Response response = ledger.post(STRUCTURED, Map.of(), ExampleStory.JSON.writeValueAsBytes(bad));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().path("violations").valueStream().map((v) -> v.path("field").asString()))
			.contains("time", "data.operator", "data.purpose", "data.requestRef");
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id = 'http-bad-1'", Long.class))
			.isZero();
	}

	@Test
	void aGrantKnowsAPolicyVersionPublishedEarlierInItsOwnBatch() {
		ObjectNode published = ExampleStory.json("policy-published.json");
		published.put("id", "http-same-batch-policy");
		((ObjectNode) published.path("data")).put("version", "2026-same-batch");
		ObjectNode granted = ExampleStory.json("granted.json");
		granted.put("id", "http-same-batch-grant");
		granted.put("subject", "user-same-batch");
		((ObjectNode) granted.path("data")).put("policyVersion", "2026-same-batch");
		ArrayNode batch = ExampleStory.JSON.createArrayNode().add(published).add(granted);
		RunningLedger.Response response = ledger.post("application/cloudevents-batch+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(batch));
		assertThat(response.status()).isEqualTo(200);
		String findings = ledger.jdbc()
			.queryForObject("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'findings' FROM ledger.domain_event_entry "
					+ "WHERE aggregate_identifier LIKE '%:user-same-batch'", String.class);
		assertThat(findings).isEqualTo("[]");
	}

	@Test
	void aConflictingReuseGets409AndAppendsNothingOfTheBatch() {
		ObjectNode fresh = ExampleStory.json("granted.json");
		fresh.put("id", "http-conflict-fresh");
		fresh.put("subject", "user-http-1");
		ObjectNode conflicting = ExampleStory.json("withdrawn.json");
		conflicting.put("id", "http-conflict-1");
		conflicting.put("subject", "user-http-2");
		assertAppended(ledger.post(STRUCTURED, Map.of(), ExampleStory.JSON.writeValueAsBytes(conflicting)));
		((ObjectNode) conflicting.path("data")).put("channel", "egov");
		ArrayNode batch = ExampleStory.JSON.createArrayNode().add(fresh).add(conflicting);
		RunningLedger.Response response = ledger.post("application/cloudevents-batch+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(batch));
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.body().path("conflicts").get(0).path("id").asString()).isEqualTo("http-conflict-1");
		assertThat(ledger.get("/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/user-http-1/consents").status())
			.isEqualTo(404);
	}

	/**
	 * An append waits for the one committing before it takes any global index, so the
	 * projections never pass an index that is still to commit (ADR 0014).
	 */
	@Test
	void anAppendTakesNoGlobalIndexWhileAnotherIsCommitting() throws Exception {
		ObjectNode granted = ExampleStory.json("granted.json");
		granted.put("id", "http-commit-order");
		granted.put("subject", "user-commit-order");
		CompletableFuture<RunningLedger.Response> append;
		try (Connection other = ledger.jdbc().getDataSource().getConnection()) {
			// Another appender, between its first insert and its commit.
			other.setAutoCommit(false);
			try (Statement statement = other.createStatement()) {
				statement.execute("SELECT pg_advisory_xact_lock(" + EventChainer.CHAIN_LOCK + ")");
			}
			long before = lastGlobalIndexTaken();
			append = CompletableFuture
				.supplyAsync(() -> ledger.post(STRUCTURED, Map.of(), ExampleStory.JSON.writeValueAsBytes(granted)));
			await().atMost(Duration.ofSeconds(30)).until(() -> ledger.jdbc().queryForObject("""
					SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
					  AND (classid::BIGINT << 32 | objid::BIGINT) = ?""", Long.class, EventChainer.CHAIN_LOCK) == 1);
			assertThat(lastGlobalIndexTaken()).as("global index taken while waiting").isEqualTo(before);
			other.rollback();
		}
		assertAppended(append.get(30, TimeUnit.SECONDS));
		assertThat(ledger.jdbc().queryForObject("SELECT max(global_index) FROM ledger.domain_event_entry", Long.class))
			.isEqualTo(ledger.jdbc()
				.queryForObject("SELECT global_index FROM ledger.domain_event_entry WHERE aggregate_identifier LIKE "
						+ "'%:user-commit-order'", Long.class));
	}

	private static long lastGlobalIndexTaken() {
		return ledger.jdbc()
			.queryForObject("SELECT last_value FROM ledger.domain_event_entry_global_index_seq", Long.class);
	}

	@Test
	void unknownThingsAreClear404s() {
		RunningLedger.Response subject = ledger
			.get("/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/nobody/history");
		assertThat(subject.status()).isEqualTo(404);
		assertThat(subject.contentType()).startsWith("application/problem+json");
		assertThat(subject.body().path("detail").asString()).contains("nobody");
		assertThat(ledger.get("/api/v1/operators/000000000000/policies").status()).isEqualTo(404);
		assertThat(ledger.get("/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/x/history?size=0").status())
			.isEqualTo(400);
	}

	/**
	 * The OpenAPI documents in docs/openapi are the ones the services serve; run with
	 * {@code -Dopenapi.write=true} to refresh them after an API change.
	 */
	@Test
	void theCheckedInOpenApiDocumentsAreTheServedOnes() throws IOException {
		assertServedDocument(ledger.queryUrl(), "consent-query.json");
		assertServedDocument(ledger.commandUrl(), "consent-command.json");
	}

	private static void assertServedDocument(String baseUrl, String file) throws IOException {
		ObjectNode served = (ObjectNode) RunningLedger.getJson(baseUrl + "/v3/api-docs");
		served.remove("servers");
		String json = ExampleStory.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
		Path checkedIn = Path.of("..", "docs", "openapi", file);
		if (Boolean.getBoolean("openapi.write") || !Files.exists(checkedIn)) {
			Files.createDirectories(checkedIn.getParent());
			Files.writeString(checkedIn, json);
		}
		assertThat(ExampleStory.JSON.readTree(Files.readString(checkedIn))).as(checkedIn + " is stale")
			.isEqualTo(served);
	}

	private static RunningLedger.Response postBinary(String file) {
		CloudEvent event = ExampleStory.cloudEvent(ExampleStory.bytes(file));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("ce-specversion", "1.0");
		headers.put("ce-id", event.getId());
		headers.put("ce-source", event.getSource().toString());
		headers.put("ce-type", event.getType());
		headers.put("ce-subject", event.getSubject());
		headers.put("ce-time", event.getTime().toString());
		return ledger.post("application/json", headers, event.getData().toBytes());
	}

	private static void assertAppended(RunningLedger.Response response) {
		assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
		assertThat(response.body().path("results").get(0).path("status").asString()).isEqualTo("appended");
	}

}
