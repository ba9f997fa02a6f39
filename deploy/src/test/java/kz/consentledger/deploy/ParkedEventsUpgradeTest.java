package kz.consentledger.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import kz.consentledger.command.CommandApplication;
import kz.consentledger.query.QueryApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A ledger whose store already holds an event the projections cannot store, upgraded to
 * the release that parks: the query service of the previous release is gone (its schema
 * without the dead-letter queue, its token before the event), the new one starts, and the
 * projections reach the head with the event parked, without any manual step.
 */
class ParkedEventsUpgradeTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Test
	void anUpgradeOverAStoreHoldingAnUnstorableEventParksItAndGoesOn() throws Exception {
		Map<String, String> settings = RunningLedger.settings("parked_upgrade");
		JdbcTemplate jdbc = RunningLedger.ownerJdbc(settings);
		try (ConfigurableApplicationContext command = run(CommandApplication.application(), settings)) {
			String commandUrl = "http://localhost:" + command.getEnvironment().getProperty("local.server.port");
			post(commandUrl, ExampleStory.bytes("policy-published.json"));
			post(commandUrl, ExampleStory.bytes("granted.json"));
			try (ConfigurableApplicationContext query = run(QueryApplication.application(), settings)) {
				await().atMost(Duration.ofSeconds(60))
					.until(() -> jdbc.queryForObject("SELECT count(*) FROM query.history_entry", Long.class) == 1);
			}
			// The query schema as the previous release left it: no dead-letter queue, nor
			// what issue 28 added (V7, V8), nor the audit chain of issue 26 (V9), nor the
			// duty clocks of issue 27 (V10), nor what issue 29 added (V11, V12, V13).
			jdbc.execute("DROP TABLE query.dead_letter_entry");
			jdbc.execute("ALTER TABLE query.subject DROP COLUMN last_occurred_at");
			jdbc.execute("DROP TRIGGER dashboard_history_updated ON query.history_entry");
			jdbc.execute("ALTER TABLE query.history_entry DROP COLUMN revised_by");
			jdbc.execute("ALTER TABLE query.access_audit DROP COLUMN sequence, DROP COLUMN outcome, "
					+ "DROP COLUMN entry_hash, DROP COLUMN chain_hash");
			jdbc.execute("DROP TABLE query.duty_clock, query.duty_closing, query.processor_node, "
					+ "query.projection_rebuild");
			jdbc.update(
					"DELETE FROM query.flyway_schema_history WHERE version IN ('6', '7', '8', '9', '10', '11', '12', '13')");
			// The store receives an event the previous release could not project, then
			// more.
			Map<String, Object> grant = jdbc.queryForMap("SELECT * FROM ledger.domain_event_entry "
					+ "WHERE payload_type = 'kz.consentledger.events.ConsentGranted'");
			ObjectNode poisoned = (ObjectNode) ExampleStory.JSON.readTree((byte[]) grant.get("payload"));
			poisoned.put("subject", "user-before-upgrade");
			((ObjectNode) poisoned.path("provenance")).put("occurredAt", "-0001-01-01T00:00:00Z");
			jdbc.update(
					"INSERT INTO ledger.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, "
							+ "type, time_stamp, payload_type, payload_revision, payload, meta_data) "
							+ "VALUES ('poisoned-before-upgrade', ?, 0, ?, ?, ?, ?, ?, ?)",
					ExampleStory.OPERATOR + ":user-before-upgrade", grant.get("type"), grant.get("time_stamp"),
					grant.get("payload_type"), grant.get("payload_revision"),
					ExampleStory.JSON.writeValueAsBytes(poisoned), grant.get("meta_data"));
			post(commandUrl, ExampleStory.bytes("withdrawn.json"));

			try (ConfigurableApplicationContext upgraded = run(QueryApplication.application(), settings)) {
				await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
					assertThat(jdbc.queryForObject("SELECT count(*) FROM query.history_entry", Long.class))
						.isEqualTo(2);
					assertThat(jdbc.queryForList("SELECT event_identifier FROM query.dead_letter_entry", String.class))
						.containsExactly("poisoned-before-upgrade");
					assertThat(jdbc.queryForList("SELECT kind FROM query.duty_clock", String.class))
						.containsExactly("withdrawal-stop");
				});
			}
		}
	}

	private static ConfigurableApplicationContext run(SpringApplicationBuilder application,
			Map<String, String> settings) {
		return application.run(
				settings.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
	}

	private static void post(String commandUrl, byte[] event) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(commandUrl + "/api/v1/events"))
			.header("Authorization", RunningLedger.superuser())
			.header("Content-Type", "application/cloudevents+json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(event))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

}
