package kz.consentledger.deploy;

import java.net.URISyntaxException;
import java.nio.file.Files;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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

	/** The demo's DPO of KinoQazaqsha (deploy/local-accounts.yml). */
	static final Map<String, String> DPO = Map.of("Authorization", RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo"));

	/** The subjects whose grants arrive while a rebuild runs. */
	private static final String ARRIVING = "arrived-during-rebuild-";

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
		// The demo data exercises every counter: none of the comparisons above is zero
		// against zero.
		JsonNode figures = ledger.get("/api/v1/operators/" + OPERATOR + "/dashboard").body().path("figures");
		for (String name : List.of("subjects", "activeConsents", "withdrawnConsents", "refusedWithdrawals",
				"violations", "shares", "explicitAcceptances", "implicitAcceptances")) {
			assertThat(figures.path(name).asLong()).as(name).isPositive();
		}
	}

	/**
	 * Issue 28: the current-consent projection agrees with the one fold for every subject
	 * of the demo data, and again after a rebuild.
	 */
	@Test
	@Order(1)
	void theAgreementCheckFindsNoDifferenceOverTheDemoData() {
		JsonNode agreement = ledger.get("/api/v1/admin/agreement").body();
		assertThat(agreement.path("subjectsCompared").asInt()).isGreaterThan(1000);
		assertThat(agreement.path("subjectsSkipped").asInt()).isZero();
		assertThat(agreement.path("differenceCount").asInt()).as(agreement.path("differences").toString()).isZero();
	}

	/**
	 * Issue 29: a rebuild never shows a partial projection. Until it is done, every read
	 * of an operator's dashboard and of a subject's consents and history answers what it
	 * did before it, and the subjects of the operator whose new subjects arrive meanwhile
	 * never drop below those before it; the arrivals (one per round of the first five)
	 * are in the projections after it, and every row from before is unchanged.
	 */
	@Test
	@Order(2)
	void aRebuildNeverShowsAPartialProjectionAndKeepsWhatArrivesMeanwhile() {
		String other = ledger.jdbc()
			.queryForObject("SELECT min(operator) FROM query.subject WHERE operator <> ?", String.class, OPERATOR);
		String subject = ledger.jdbc()
			.queryForObject("SELECT min(subject) FROM query.current_consent WHERE operator = ?", String.class, other);
		String subjectPath = "/api/v1/operators/" + other + "/subjects/" + subject;
		List<String> reads = List.of("/api/v1/operators/" + other + "/dashboard", subjectPath + "/consents",
				subjectPath + "/history");
		Map<String, JsonNode> before = new TreeMap<>();
		reads.forEach((path) -> before.put(path, stable(ledger.get(path).body())));
		Map<String, String> rowsBefore = projectionRowsBefore();
		long subjectsBefore = figure(OPERATOR, "subjects");
		int arriving = 5;
		List<String> states = new ArrayList<>();

		assertThat(ledger.postQuery("/api/v1/admin/projections/consent-projections/rebuild").status()).isEqualTo(202);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (states.size() < arriving) {
				assertThat(ledger.post("application/cloudevents+json", Map.of(), arrivingGrant(states.size())).status())
					.isEqualTo(200);
			}
			reads.forEach((path) -> assertThat(stable(ledger.get(path).body())).as(path).isEqualTo(before.get(path)));
			assertThat(figure(OPERATOR, "subjects")).isBetween(subjectsBefore, subjectsBefore + arriving);
			String state = ledger.get("/api/v1/admin/projections/consent-projections/rebuild")
				.body()
				.path("state")
				.asString();
			states.add(state);
			return state.equals("done") && caughtUp() && figure(OPERATOR, "subjects") == subjectsBefore + arriving;
		});
		assertThat(states).as("reads while the rebuild replayed").contains("replaying");
		assertThat(projectionRowsBefore()).isEqualTo(rowsBefore);
		assertOverviewMatches(OPERATOR);
		assertOverviewMatches(other);
		JsonNode agreement = ledger.get("/api/v1/admin/agreement").body();
		assertThat(agreement.path("differenceCount").asInt()).as(agreement.path("differences").toString()).isZero();
	}

	/** A grant of a new subject of {@link #OPERATOR}, stored while a rebuild runs. */
	private static byte[] arrivingGrant(int n) {
		ObjectNode grant = ExampleStory.json("granted.json");
		grant.put("id", "arrived-during-rebuild-" + n);
		grant.put("subject", ARRIVING + n);
		return ExampleStory.JSON.writeValueAsBytes(grant);
	}

	/**
	 * MD5 of each projection table's rows but those of the subjects that arrive during
	 * the rebuild (and the dashboard's counters of their operator).
	 */
	private static Map<String, String> projectionRowsBefore() {
		Map<String, String> checksums = new TreeMap<>();
		Map.of("query.subject", "operator, subject", "query.current_consent", "operator, subject, purpose",
				"query.history_entry", "global_index", "query.policy_version", "operator, version", "query.duty_clock",
				"operator, subject, clock_source, clock_event_id", "query.duty_closing",
				"operator, subject, source, event_id")
			.forEach(
					(table, order) -> checksums
						.put(table,
								ledger.jdbc()
									.queryForObject(
											"SELECT md5(string_agg(t::text, E'\\n' ORDER BY " + order + ")) FROM "
													+ table + " t WHERE " + (table.equals("query.policy_version")
															? "true" : "subject NOT LIKE '" + ARRIVING + "%'"),
											String.class)));
		checksums.put("query.dashboard_total",
				ledger.jdbc()
					.queryForObject("SELECT md5(string_agg(t::text, E'\\n' ORDER BY operator, metric, key)) "
							+ "FROM query.dashboard_total t WHERE operator <> ?", String.class, OPERATOR));
		return checksums;
	}

	private static long figure(String operator, String name) {
		return ledger.get("/api/v1/operators/" + operator + "/dashboard").body().path("figures").path(name).asLong();
	}

	/** The answer without the time it was made at. */
	private static JsonNode stable(JsonNode answer) {
		JsonNode copy = answer.deepCopy();
		if (copy instanceof ObjectNode object) {
			object.remove("generatedAt");
		}
		return copy;
	}

	@Test
	@Order(3)
	void aDpoSignsInWithTheKeyboardAndTheOverviewShowsTheCounters() {
		try (Browser browser = new Browser(ledger.queryUrl())) {
			browser.open("/ui/");
			// Not signed in: the pages send the browser to the sign-in form.
			WebElement username = browser.await(By.id("username"));
			assertThat(browser.driver.switchTo().activeElement()).isEqualTo(username);
			browser.screenshot("sign-in");
			username.sendKeys("dpo-kinoqazaqsha", Keys.TAB, "dpo-demo", Keys.ENTER);
			browser.await(By.cssSelector("#figures dd"));
			JsonNode figures = ledger.get("/api/v1/operators/" + OPERATOR + "/dashboard", DPO).body().path("figures");
			List<WebElement> shown = browser.driver.findElements(By.cssSelector("#figures [data-figure]"));
			assertThat(shown).hasSize(figures.size());
			for (WebElement figure : shown) {
				String name = figure.getAttribute("data-figure");
				assertThat(figure.findElement(By.tagName("dd")).getAttribute("data-value")).as(name)
					.isEqualTo(figures.path(name).asString());
			}
			assertThat(browser.driver.findElement(By.id("table-purposes")).getText()).contains("service-provision");
			logTiming(browser);
			browser.screenshot("overview");

			// The first Tab reaches the skip link, which moves the focus to the content.
			browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
			WebElement skip = browser.driver.switchTo().activeElement();
			assertThat(skip.getAttribute("class")).isEqualTo("skip");
			skip.sendKeys(Keys.ENTER);
			assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
		}
	}

	@Test
	@Order(4)
	void aDpoFindsASubjectAndSeesTheirConsentAndTimeline() throws Exception {
		try (Browser browser = signedIn("dpo-kinoqazaqsha", "dpo-demo")) {
			browser.driver.findElement(By.cssSelector("nav a[href='#/subjects']")).sendKeys(Keys.ENTER);
			browser.await(By.id("prefix")).sendKeys("user-00041", Keys.ENTER);
			browser.await(By.linkText(ExampleStory.SUBJECT)).click();
			browser.await(By.id("timeline"));
			JsonNode history = ledger
				.get("/api/v1/operators/" + OPERATOR + "/subjects/" + ExampleStory.SUBJECT + "/history?size=100", DPO)
				.body();
			assertThat(browser.driver.findElements(By.cssSelector("#timeline li")))
				.hasSize(history.path("items").size());
			String consent = browser.driver.findElement(By.id("table-consent")).getText();
			assertThat(consent).contains("service-provision", "marketing", "withdrawn");
			browser.screenshot("subject");
			browser.driver.findElement(By.cssSelector("button[data-csv='consent']")).click();
			List<String> lines = Files
				.readAllLines(browser.awaitDownload(OPERATOR + "-" + ExampleStory.SUBJECT + "-consent.csv"));
			assertThat(lines.get(0)).startsWith("purpose,status,dataCategories");
			assertThat(lines).hasSize((int) count("SELECT count(*) FROM query.current_consent WHERE operator = '"
					+ OPERATOR + "' AND subject = '" + ExampleStory.SUBJECT + "'") + 1);
		}
	}

	@Test
	@Order(5)
	void theLanguageSwitchesAndIsRemembered() {
		try (Browser browser = signedIn("dpo-kinoqazaqsha", "dpo-demo")) {
			new Select(browser.driver.findElement(By.id("lang"))).selectByValue("kk");
			browser.awaitText(By.cssSelector("nav a[href='#/overview']"), "Шолу");
			browser.await(By.cssSelector("#figures dd"));
			browser.screenshot("overview-kk");
			browser.driver.navigate().refresh();
			browser.awaitText(By.cssSelector("nav a[href='#/overview']"), "Шолу");
			assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("kk");
			new Select(browser.driver.findElement(By.id("lang"))).selectByValue("ru");
			browser.awaitText(By.cssSelector("nav a[href='#/overview']"), "Обзор");
			// The sign-in page, rendered by the server, follows the remembered language.
			browser.driver.findElement(By.id("signout")).click();
			browser.awaitText(By.tagName("h1"), "Реестр согласий");
			assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ru");
		}
	}

	@Test
	@Order(6)
	void everyListExportsAsCsvWithTheRowsTheApiHas() throws Exception {
		try (Browser browser = signedIn("dpo-kinoqazaqsha", "dpo-demo")) {
			browser.open("/ui/#/violations?verdict=violation");
			browser.await(By.id("table-violations"));
			browser.screenshot("violations");
			browser.driver.findElement(By.cssSelector("button[data-csv='violations']")).click();
			List<String> lines = Files.readAllLines(browser.awaitDownload(OPERATOR + "-violations.csv"));
			String api = ledger
				.get("/api/v1/operators/" + OPERATOR + "/dashboard/tables/violations?verdict=violation" + "&format=csv",
						DPO)
				.text();
			assertThat(lines.get(0))
				.isEqualTo("occurredAt,subject,purpose,recipient,country,verdict,stopDueBy,reasons,eventId");
			assertThat(lines).hasSize((int) count("SELECT count(*) FROM query.history_entry WHERE operator = '"
					+ OPERATOR + "' AND verdict = 'violation'") + 1);
			assertThat(String.join("\r\n", lines) + "\r\n").isEqualTo(api);

			browser.open("/ui/#/sharing?country=DE");
			browser.await(By.id("table-sharing"));
			browser.screenshot("sharing");
			browser.driver.findElement(By.cssSelector("button[data-csv='sharing']")).click();
			List<String> shares = Files.readAllLines(browser.awaitDownload(OPERATOR + "-sharing.csv"));
			assertThat(shares)
				.hasSize((int) count("SELECT count(*) FROM query.history_entry WHERE operator = '" + OPERATOR
						+ "' AND entry_type = 'data-shared' AND details -> 'recipient' ->> 'country' = 'DE'") + 1);
			assertThat(shares.subList(1, shares.size())).allSatisfy((line) -> assertThat(line).contains(",\"DE\","));
		}
	}

	@Test
	@Order(7)
	void aDpoOfOneOperatorCannotReachAnotherOperatorsData() {
		String other = "190840027812";
		try (Browser browser = signedIn("dpo-kinoqazaqsha", "dpo-demo")) {
			assertThat(new Select(browser.driver.findElement(By.id("operator"))).getOptions())
				.extracting(WebElement::getText)
				.containsExactly(OPERATOR);
			browser.open("/ui/#/overview?operator=" + other);
			browser.awaitText(By.id("problem"), "190840027812");
			assertThat(browser.driver.findElement(By.id("problem")).getText()).contains("Not allowed");
			String subject = ledger.jdbc()
				.queryForObject("SELECT min(subject) FROM query.subject WHERE operator = ?", String.class, other);
			for (String path : List.of("/subjects/" + subject + "/consents", "/subjects/" + subject + "/history",
					"/subjects?prefix=u", "/dashboard", "/dashboard/tables/sharing?format=csv", "/policies")) {
				Object status = browser.driver.executeAsyncScript(
						"const done = arguments[arguments.length - 1];"
								+ "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status));",
						"/api/v1/operators/" + other + path);
				assertThat(status).as(path).isEqualTo(403L);
			}
			browser.screenshot("forbidden-operator");
		}
	}

	/** A browser signed in through the form. */
	private static Browser signedIn(String username, String password) {
		Browser browser = new Browser(ledger.queryUrl());
		browser.open("/login");
		browser.await(By.id("username")).sendKeys(username);
		browser.driver.findElement(By.id("password")).sendKeys(password, Keys.ENTER);
		browser.await(By.cssSelector("#figures dd"));
		return browser;
	}

	/**
	 * Logged for the record, never asserted: speed is the benchmark harness's to judge.
	 */
	private static void logTiming(Browser browser) {
		Object timing = browser.driver.executeScript("const n = performance.getEntriesByType('navigation')[0];"
				+ "const api = performance.getEntriesByType('resource').filter(r => r.name.endsWith('/dashboard'));"
				+ "return 'page ' + Math.round(n.loadEventEnd) + ' ms, overview API '"
				+ " + (api.length ? Math.round(api[0].duration) : '?') + ' ms';");
		System.out.println("[dashboard] overview with demo data: " + timing);
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
