package kz.consentledger.deploy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
 * A rebuild can be cancelled before its switch (ADR 0027), even once the live processor
 * is fenced for it: the live projections, which never stopped serving, go on following
 * the store, and a later rebuild runs to its end.
 */
class RebuildCancelEndToEndTest {

	private static final String REBUILD = "/api/v1/admin/projections/consent-projections/rebuild";

	private static final Map<String, String> ADMIN = Map.of("Authorization",
			RunningLedger.basic("admin", "admin-demo"));

	/** The owner of fenced token rows (ProcessorTokens.FENCE). */
	private static final String FENCE = "projection-rebuild";

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
	void aRebuildCancelledBeforeItsSwitchLeavesTheLiveProjectionsFollowingTheStore() throws SQLException {
		JsonNode live = ledger.get("/api/v1/admin/projections/checksums").body();
		// A reader's lock on a live table holds the switch off (it waits 2 s for its
		// locks, then tries again at the next round): the rebuild stays catching-up, the
		// live processor fenced, until it is cancelled.
		try (Connection reader = DriverManager.getConnection(ledger.settings().get("spring.datasource.url"),
				ledger.settings().get("spring.flyway.user"), ledger.settings().get("spring.flyway.password"))) {
			reader.setAutoCommit(false);
			reader.createStatement().execute("LOCK TABLE query.subject IN ACCESS SHARE MODE");
			RunningLedger.Response started = ledger.postQuery(REBUILD);
			assertThat(started.status()).as(started.text()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(ledger.get(REBUILD).body().path("state").asString()).isEqualTo("catching-up"));
			assertThat(tokensOwnedBy("consent-projections", FENCE)).isPositive();

			RunningLedger.Response cancelled = ledger.send("DELETE", ledger.queryUrl() + REBUILD, ADMIN);
			assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
			assertThat(cancelled.body().path("state").asString()).isEqualTo("cancelled");
			assertThat(tokensOwnedBy("consent-projections", FENCE)).isZero();
			assertThat(ledger.jdbc()
				.queryForObject("SELECT count(*) FROM query.token_entry WHERE processor_name = ? AND owner IS "
						+ "DISTINCT FROM ?", Long.class, "consent-projections-rebuild", FENCE))
				.isZero();
			reader.rollback();
		}
		assertThat(ledger.get(REBUILD).body().path("state").asString()).isEqualTo("cancelled");
		assertThat(ledger.send("DELETE", ledger.queryUrl() + REBUILD, ADMIN).status()).isEqualTo(409);
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isEqualTo(live);

		// The live processor goes on: a new event is projected.
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
		assertThat(ledger.postQuery(REBUILD).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ledger.get(REBUILD).body().path("state").asString()).isEqualTo("done"));
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isEqualTo(now);
	}

	private static long tokensOwnedBy(String processor, String owner) {
		return ledger.jdbc()
			.queryForObject("SELECT count(*) FROM query.token_entry WHERE processor_name = ? AND owner = ?", Long.class,
					processor, owner);
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
