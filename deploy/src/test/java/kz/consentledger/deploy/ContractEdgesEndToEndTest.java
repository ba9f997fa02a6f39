package kz.consentledger.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever passes validation can be stored and projected: events at every edge of the
 * contract's limits (the first and last instants of the time window, the longest
 * identifiers and texts, the deepest nesting, the most purposes, non-BMP characters) are
 * accepted by the command service and written by every projection, nothing parked. Inputs
 * just past the limits get a 4xx naming the problem, never a 5xx.
 */
class ContractEdgesEndToEndTest {

	private static final String STRUCTURED = "application/cloudevents+json";

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("contract_edges");
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	void eventsAtEveryEdgeOfTheContractAreStoredAndProjected() {
		String longSubject = "қ😀".repeat(32) + "s".repeat(32);
		assertThat(longSubject).hasSize(128);
		List<ObjectNode> events = new ArrayList<>();
		events.add(ExampleStory.json("policy-published.json"));

		ObjectNode earliest = grant("edge-earliest", "user-edge-1", "1900-01-01T00:00:00Z");
		((ObjectNode) earliest.path("data")).put("expiresAt", "2999-12-31T23:59:59Z");
		events.add(earliest);

		ObjectNode widest = grant("i".repeat(256), longSubject, "2026-10-02T14:31:07+05:00");
		widest.put("source", "//" + "s".repeat(254));
		ObjectNode data = (ObjectNode) widest.path("data");
		ArrayNode purposes = data.putArray("purposes");
		IntStream.range(0, 100).forEach((i) -> purposes.add("purpose-" + i));
		data.put("policyVersion", "v".repeat(128));
		ObjectNode recipient = (ObjectNode) data.path("recipients").path(0);
		recipient.put("name", "Name with\ttab and\nline breaks, Ω and 😀 ".repeat(20).substring(0, 512));
		ObjectNode deep = data.putObject("extension");
		for (int level = 2; level < 32; level++) {
			deep = deep.putObject("level" + level);
		}
		deep.put("text", "x".repeat(8192));
		deep.put("number", 1e308);
		events.add(widest);

		ObjectNode latest = example("withdrawn.json", "edge-latest", "user-edge-1", "2999-12-31T23:59:59Z");
		events.add(latest);

		for (ObjectNode event : events) {
			RunningLedger.Response response = ledger.post(STRUCTURED, Map.of(),
					ExampleStory.JSON.writeValueAsBytes(event));
			assertThat(response.status()).as("%s: %s", event.path("id").asString(), response.text()).isEqualTo(200);
		}

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			RunningLedger.Response history = ledger
				.get("/api/v1/operators/" + OPERATOR + "/subjects/user-edge-1/history?page=0&size=50");
			assertThat(history.status()).isEqualTo(200);
			assertThat(history.body().path("totalItems").asLong()).isEqualTo(2);
		});
		RunningLedger.Response consents = ledger.get("/api/v1/operators/" + OPERATOR + "/subjects/"
				+ java.net.URLEncoder.encode(longSubject, java.nio.charset.StandardCharsets.UTF_8) + "/consents");
		assertThat(consents.status()).isEqualTo(200);
		assertThat(consents.text()).contains("purpose-99");
		assertThat(
				ledger.get("/api/v1/admin/projections/consent-projections/parked").body().path("parkedEvents").asLong())
			.as("nothing parked")
			.isZero();
		assertThat(ledger.get("/api/v1/operators/" + OPERATOR + "/dashboard").status()).isEqualTo(200);
	}

	@Test
	void justPastEveryEdgeIsA4xxNamingTheProblem() {
		Map<String, byte[]> bodies = new java.util.LinkedHashMap<>();
		bodies.put("time before 1900", json(grant("past-1", "user-past", "1899-12-31T23:59:59Z")));
		bodies.put("time from 3000", json(grant("past-2", "user-past", "3000-01-01T00:00:00Z")));
		bodies.put("id of 257", json(grant("i".repeat(257), "user-past", "2026-10-02T14:31:07+05:00")));
		bodies.put("subject of 129", json(grant("past-3", "s".repeat(129), "2026-10-02T14:31:07+05:00")));
		bodies.put("json null", "null".getBytes());
		bodies.put("trailing",
				(new String(json(grant("past-4", "user-past", "2026-10-02T14:31:07+05:00"))) + "{}").getBytes());
		bodies.put("nul in subject", json(grant("past-5", "user\u0000", "2026-10-02T14:31:07+05:00")));
		for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
			RunningLedger.Response response = ledger.post(STRUCTURED, Map.of(), body.getValue());
			assertThat(response.status()).as(body.getKey() + ": " + response.text()).isEqualTo(400);
			assertThat(response.body().path("violations").size()).as(body.getKey()).isPositive();
		}
		for (String contentType : List.of("*/*", "application/*", "no media type", "")) {
			RunningLedger.Response refused = ledger.post(contentType, Map.of(), "{}".getBytes());
			assertThat(refused.status()).as(contentType).isEqualTo(415);
			assertThat(refused.body().path("detail").asString()).contains("Content-Type");
		}
		assertThat(ledger.post("application/cloudevents-batch+json", Map.of(), "[null]".getBytes()).status())
			.isEqualTo(400);
		RunningLedger.Response tooLarge = ledger.post(STRUCTURED, Map.of(), new byte[1024 * 1024 + 1]);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.text()).contains("at most 1048576 bytes");
	}

	/**
	 * Concurrent posts of one event: each answered 2xx (appended once, else duplicate).
	 */
	@Test
	void concurrentPostsOfOneEventStoreItOnce() {
		byte[] body = json(grant("concurrent-1", "user-concurrent", "2026-10-02T14:31:07+05:00"));
		List<CompletableFuture<RunningLedger.Response>> posts = IntStream.range(0, 40)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> ledger.post(STRUCTURED, Map.of(), body)))
			.toList();
		List<String> statuses = posts.stream()
			.map(CompletableFuture::join)
			.map((response) -> response.status() + " "
					+ response.body().path("results").path(0).path("status").asString())
			.toList();
		assertThat(statuses).containsOnly("200 appended", "200 duplicate");
		assertThat(statuses).filteredOn("200 appended"::equals).hasSize(1);
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id = 'concurrent-1'", Long.class))
			.isEqualTo(1);
	}

	private static ObjectNode grant(String id, String subject, String time) {
		return example("granted.json", id, subject, time);
	}

	private static ObjectNode example(String file, String id, String subject, String time) {
		ObjectNode event = ExampleStory.json(file);
		event.put("id", id);
		event.put("subject", subject);
		event.put("time", time);
		return event;
	}

	private static byte[] json(ObjectNode event) {
		return ExampleStory.JSON.writeValueAsBytes(event);
	}

}
