package kz.consentledger.deploy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard over the run command's demo data, sent through Kafka as
 * {@code ./deploy/run.sh --demo} sends it: every figure and table of the overview equals
 * what plain SQL over the projection tables gives (the counters are kept by triggers, the
 * comparison counts rows), also after a rebuild.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardEndToEndTest {

	static final String OPERATOR = ExampleStory.OPERATOR;

	private static RunningLedger ledger;

	@BeforeAll
	static void loadDemoData() throws Exception {
		ledger = RunningLedger.start("dashboard");
		DemoLoader.main(new String[] { "--bootstrap", ledger.settings().get("spring.kafka.bootstrap-servers"),
				"--topic", ledger.topic(), "--examples", examples().toString(), "--subjects", "1200", "--seed", "42" });
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(1))
			.until(DashboardEndToEndTest::caughtUp);
	}

	@AfterAll
	static void stop() {
		if (ledger != null) {
			ledger.close();
		}
	}

	/**
	 * Every subject event stored has its history entry: the projections have seen all.
	 */
	static boolean caughtUp() {
		long stored = ledger.storedEvents();
		Long missing = ledger.jdbc()
			.queryForObject("""
					SELECT count(*) FROM ledger.domain_event_entry e
					WHERE e.payload_type <> 'kz.consentledger.events.PolicyVersionPublished'
					  AND NOT EXISTS (SELECT 1 FROM query.history_entry h WHERE h.global_index = e.global_index)""",
					Long.class);
		return stored > 3000 && missing == 0;
	}

	@Test
	@Order(1)
	void everyOperatorsOverviewMatchesTheProjectionTables() {
		List<String> operators = ledger.jdbc()
			.queryForList("SELECT DISTINCT operator FROM query.subject ORDER BY operator", String.class);
		assertThat(operators).hasSizeGreaterThanOrEqualTo(5);
		for (String operator : operators) {
			assertOverviewMatches(operator);
		}
		// The demo data exercises every counter: none of the comparisons above is zero against zero.
		JsonNode figures = ledger.get("/api/v1/operators/" + OPERATOR + "/dashboard").body().path("figures");
		for (String name : List.of("subjects", "activeConsents", "withdrawnConsents", "refusedWithdrawals",
				"violations", "shares", "explicitAcceptances", "implicitAcceptances")) {
			assertThat(figures.path(name).asLong()).as(name).isPositive();
		}
	}

	@Test
	@Order(2)
	void aRebuildGivesTheSameCounters() {
		String before = ledger.get("/api/v1/admin/projections/checksums")
			.body()
			.path("query.dashboard_total")
			.asString();
		assertThat(ledger.postQuery("/api/v1/admin/projections/consent-projections/rebuild").status()).isEqualTo(202);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			JsonNode progress = ledger.get("/api/v1/admin/projections/consent-projections/rebuild").body();
			return progress.path("state").asString().equals("done") && caughtUp();
		});
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body().path("query.dashboard_total").asString())
			.isEqualTo(before);
		assertOverviewMatches(OPERATOR);
	}

	static void assertOverviewMatches(String operator) {
		JsonNode overview = ledger.get("/api/v1/operators/" + operator + "/dashboard").body();
		JsonNode figures = overview.path("figures");
		String where = " WHERE operator = '" + operator + "'";
		Map<String, Long> expected = new TreeMap<>();
		expected.put("subjects", count("SELECT count(*) FROM query.subject" + where));
		expected.put("activeConsents",
				count("SELECT count(*) FROM query.current_consent" + where + " AND status = 'active'"));
		expected.put("withdrawnConsents",
				count("SELECT count(*) FROM query.current_consent" + where + " AND status = 'withdrawn'"));
		expected.put("pendingRefusals",
				count("SELECT count(*) FROM query.current_consent" + where + " AND pending_refusal IS NOT NULL"));
		expected.put("refusedWithdrawals", count(
				"SELECT count(*) FROM query.history_entry" + where + " AND entry_type = 'consent-withdrawal-refused'"));
		expected.put("violations",
				count("SELECT count(*) FROM query.history_entry" + where + " AND verdict = 'violation'"));
		expected.put("lateStops",
				count("SELECT count(*) FROM query.history_entry" + where + " AND verdict = 'late-stop'"));
		expected.put("shares",
				count("SELECT count(*) FROM query.history_entry" + where + " AND entry_type = 'data-shared'"));
		expected.put("crossBorderShares", count("SELECT count(*) FROM query.history_entry" + where
				+ " AND entry_type = 'data-shared' AND details -> 'recipient' ->> 'country' <> 'KZ'"));
		expected.put("explicitAcceptances", count("SELECT count(*) FROM query.history_entry" + where
				+ " AND entry_type = 'policy-accepted' AND details ->> 'mode' = 'explicit'"));
		expected.put("implicitAcceptances", count("SELECT count(*) FROM query.history_entry" + where
				+ " AND entry_type = 'policy-accepted' AND details ->> 'mode' = 'implicit'"));
		LocalDate today = LocalDate.now(ZoneId.of("Asia/Almaty"));
		expected.put("expiringSoon",
				count("SELECT count(*) FROM query.current_consent" + where
						+ " AND status = 'active' AND expires_at >= '" + today + "T00:00:00+05:00'::timestamptz"
						+ " AND expires_at < '" + today.plusDays(30) + "T00:00:00+05:00'::timestamptz"));
		expected.put("subjectsWithoutAcceptance",
				count("SELECT count(*) FROM query.subject" + where + " AND accepted_policy_version IS NULL"));
		expected.put("subjectsOnOlderPolicy", count("SELECT count(*) FROM query.subject s" + where
				+ " AND accepted_policy_version IS NOT NULL AND accepted_policy_version IS DISTINCT FROM ("
				+ "SELECT version FROM query.policy_version p WHERE p.operator = s.operator AND effective_at <= now()"
				+ " ORDER BY effective_at DESC LIMIT 1)"));
		Map<String, Long> actual = new TreeMap<>();
		expected.keySet().forEach((name) -> actual.put(name, figures.path(name).asLong(-1)));
		assertThat(actual).as("figures of operator %s", operator).isEqualTo(expected);

		assertThat(rows(overview, "categories")).as("active consents by purpose and category of %s", operator)
			.containsExactlyInAnyOrderElementsOf(ledger.jdbc()
				.query("""
						SELECT purpose, category, count(*) AS n
						FROM query.current_consent, jsonb_array_elements_text(data_categories) category
						WHERE operator = ? AND status = 'active' GROUP BY purpose, category""",
						(row, i) -> List.of(row.getString(1), row.getString(2), String.valueOf(row.getLong(3))),
						operator));
		assertThat(rows(overview, "recipients")).as("sharing by recipient of %s", operator)
			.containsExactlyInAnyOrderElementsOf(ledger.jdbc()
				.query("""
						SELECT details -> 'recipient' ->> 'kind', details -> 'recipient' ->> 'id',
						  details -> 'recipient' ->> 'name', details -> 'recipient' ->> 'country',
						  (details -> 'recipient' ->> 'country') <> 'KZ', count(*),
						  count(*) FILTER (WHERE verdict = 'violation'), count(*) FILTER (WHERE verdict = 'late-stop')
						FROM query.history_entry WHERE operator = ? AND entry_type = 'data-shared' GROUP BY 1, 2, 3, 4""",
						(row, i) -> {
							List<String> values = new ArrayList<>();
							for (int c = 1; c <= 8; c++) {
								values.add(row.getString(c).equals("t") ? "true"
										: row.getString(c).equals("f") ? "false" : row.getString(c));
							}
							return values;
						}, operator));
		assertThat(rows(overview, "policies")).as("subjects per accepted policy version of %s", operator)
			.allSatisfy((row) -> {
				long explicit = count("SELECT count(*) FROM query.subject" + where + " AND accepted_policy_version = '"
						+ row.get(0) + "' AND acceptance_mode = 'explicit' AND acceptance_validity = 'valid'");
				assertThat(Long.parseLong(row.get(3))).isEqualTo(explicit);
			});
	}

	static List<List<String>> rows(JsonNode overview, String table) {
		List<List<String>> rows = new ArrayList<>();
		for (JsonNode row : overview.path("tables").path(table).path("rows")) {
			List<String> values = new ArrayList<>();
			row.forEach((value) -> values.add(value.isNull() ? null : value.asString()));
			rows.add(values);
		}
		return rows;
	}

	static long count(String sql) {
		return ledger.jdbc().queryForObject(sql, Long.class);
	}

	static Path examples() throws URISyntaxException {
		return Path.of(DashboardEndToEndTest.class.getResource("/contract-examples").toURI());
	}

}
