package kz.consentledger.deploy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild can be cancelled before its switch (ADR 0027): the live projections, which
 * never stopped serving, go on following the store, and a later rebuild runs to its end.
 */
class RebuildCancelEndToEndTest {

	private static final String REBUILD = "/api/v1/admin/projections/consent-projections/rebuild";

	private static final Map<String, String> ADMIN = Map.of("Authorization",
			RunningLedger.basic("admin", "admin-demo"));

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("rebuild_cancel");
		post(ExampleStory.json("policy-published.json"));
		post(ExampleStory.json("granted.json"));
		ArrayNode disclosures = ExampleStory.JSON.createArrayNode();
		OffsetDateTime first = OffsetDateTime.parse("2026-10-05T00:00:00+05:00");
		for (int i = 0; i < 300; i++) {
			ObjectNode disclosure = ExampleStory.json("data-shared.json");
			disclosure.put("id", "cancel-" + i);
			disclosure.put("time", first.plusMinutes(i).toString());
			disclosures.add(disclosure);
		}
		RunningLedger.Response batch = ledger.post("application/cloudevents-batch+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(disclosures));
		assertThat(batch.status()).as(batch.text()).isEqualTo(200);
		awaitProjected();
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	void aRebuildCancelledBeforeItsSwitchLeavesTheLiveProjectionsFollowingTheStore() {
		JsonNode live = ledger.get("/api/v1/admin/projections/checksums").body();
		// A rebuild moves on every 2 s; the cancel follows its start at once. Should the
		// machine be so slow that it switched first, the next one is cancelled.
		RunningLedger.Response cancelled = null;
		for (int attempt = 0; attempt < 5 && cancelled == null; attempt++) {
			awaitNoRebuildRunning();
			RunningLedger.Response started = ledger.postQuery(REBUILD);
			assertThat(started.status()).as(started.text()).isEqualTo(202);
			RunningLedger.Response response = ledger.send("DELETE", ledger.queryUrl() + REBUILD, ADMIN);
			assertThat(response.status()).as(response.text()).isIn(200, 409);
			cancelled = (response.status() == 200) ? response : null;
		}
		assertThat(cancelled).as("a rebuild cancelled in five attempts").isNotNull();
		assertThat(cancelled.body().path("state").asString()).isEqualTo("cancelled");
		assertThat(ledger.get(REBUILD).body().path("state").asString()).isEqualTo("cancelled");
		assertThat(ledger.send("DELETE", ledger.queryUrl() + REBUILD, ADMIN).status()).isEqualTo(409);
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isEqualTo(live);

		// The live processor is not left fenced: a new event is projected.
		ObjectNode later = ExampleStory.json("granted.json");
		later.put("id", "cancel-later-grant");
		later.put("subject", "user-after-cancel");
		post(later);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ledger.jdbc()
				.queryForObject("SELECT count(*) FROM query.current_consent WHERE subject = 'user-after-cancel'",
						Long.class))
				.isPositive());

		// And a later rebuild runs to its end and gives the live projections again.
		JsonNode now = ledger.get("/api/v1/admin/projections/checksums").body();
		awaitNoRebuildRunning();
		assertThat(ledger.postQuery(REBUILD).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ledger.get(REBUILD).body().path("state").asString()).isEqualTo("done"));
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isEqualTo(now);
	}

	private static void awaitNoRebuildRunning() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			String state = ledger.get(REBUILD).body().path("state").asString();
			assertThat(state).isIn("live", "done", "cancelled");
		});
		// A new rebuild waits 3 s after the last one ended (the start waits itself).
	}

	/**
	 * Every stored event projected: before any rebuild, the status reports the live
	 * processor's position.
	 */
	private static void awaitProjected() {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Long head = ledger.jdbc()
				.queryForObject("SELECT max(global_index) FROM ledger.domain_event_entry", Long.class);
			assertThat(ledger.get(REBUILD).body().path("positionsDone").asLong()).isGreaterThanOrEqualTo(head);
		});
	}

	private static void post(ObjectNode event) {
		RunningLedger.Response response = ledger.post("application/cloudevents+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(event));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
	}

}
