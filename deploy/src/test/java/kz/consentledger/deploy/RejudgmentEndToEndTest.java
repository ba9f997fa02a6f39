package kz.consentledger.deploy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.consent.ConsentFold;
import kz.consentledger.events.DataShared;
import kz.consentledger.verifier.BundleVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A disclosure that arrives before the grant that covers it (issue 28, ADR 0023): judged
 * a violation at receipt, then judged again when the earlier-dated grant arrives. History
 * shows both judgments with the disclosure's entry at its latest verdict; the dashboard's
 * counters and lists show no violation, and a rebuild gives the same; the export shows
 * the latest verdict as revised, names each event by the same position as the history,
 * and verifies offline; the dashboard's timeline says "violation → ok (revised)" in each
 * of its languages.
 */
class RejudgmentEndToEndTest {

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static final String SUBJECT = "late-grant-1";

	private static final String SUBJECT_PATH = "/api/v1/operators/" + OPERATOR + "/subjects/" + SUBJECT;

	private static final String DASHBOARD = "/api/v1/operators/" + OPERATOR + "/dashboard";

	private static final Map<String, String> REASON = Map.of("X-Access-Reason", "late grant test");

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("rejudgment");
		post(ExampleStory.json("policy-published.json"));
		// The disclosure of 20 October, received first: no consent is known yet.
		ObjectNode shared = ExampleStory.json("data-shared.json");
		shared.put("subject", SUBJECT).put("id", "late-grant-disclosure");
		post(shared);
		await().atMost(Duration.ofSeconds(60)).until(() -> history().size() == 1);
		assertThat(history().get(0).path("verdict").asString()).isEqualTo("violation");
		// The grant of 2 October that covers it, received after it.
		ObjectNode granted = ExampleStory.json("granted.json");
		granted.put("subject", SUBJECT).put("id", "late-grant-grant");
		post(granted);
		await().atMost(Duration.ofSeconds(60)).until(() -> history().size() == 3);
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	/**
	 * Bitemporal: as known before the grant arrived, the disclosure was a violation; as
	 * known now, it is covered. The state and the history entries agree on both.
	 */
	@Test
	void asOfAtALedgerTimeShowsTheJudgmentKnownThen() {
		List<JsonNode> items = history();
		String beforeGrant = java.time.Instant.parse(items.get(1).path("receivedAt").asString())
			.minusMillis(1)
			.toString();
		JsonNode then = ledger.get(SUBJECT_PATH + "/as-of?at=2026-11-30&knownAt=" + beforeGrant, REASON).body();
		assertThat(then.path("state").path("violations").asInt()).isOne();
		assertThat(then.path("history")).extracting((entry) -> entry.path("verdict").asString())
			.containsExactly("violation");
		assertThat(then.path("history").get(0).path("revisedBy").isNull()).isTrue();
		JsonNode now = ledger.get(SUBJECT_PATH + "/as-of?at=2026-11-30", REASON).body();
		assertThat(now.path("state").path("violations").asInt()).isZero();
		JsonNode disclosure = null;
		for (JsonNode entry : now.path("history")) {
			disclosure = "data-shared".equals(entry.path("type").asString()) ? entry : disclosure;
		}
		assertThat(disclosure.path("verdict").asString()).isEqualTo("ok");
		assertThat(disclosure.path("revisedBy").asLong()).isEqualTo(items.get(2).path("position").asLong());
	}

	@Test
	void historyShowsBothJudgmentsAndTheDisclosureAtItsLatest() {
		List<JsonNode> items = history();
		assertThat(items).extracting((item) -> item.path("type").asString())
			.containsExactly("data-shared", "consent-granted", "judgment-revised");
		JsonNode disclosure = items.get(0);
		JsonNode revision = items.get(2);
		assertThat(disclosure.path("verdict").asString()).isEqualTo("ok");
		assertThat(disclosure.path("details").path("verdict").asString()).isEqualTo("violation");
		assertThat(disclosure.path("revisedBy").asLong()).isEqualTo(revision.path("position").asLong());
		assertThat(items.get(1).path("revisedBy").isNull()).isTrue();
		assertThat(revision.path("verdict").isNull()).isTrue();
		assertThat(revision.path("details").path("judgedType").asString()).isEqualTo("data-shared");
		assertThat(revision.path("details").path("judgedEventId").asString()).isEqualTo("late-grant-disclosure");
		assertThat(revision.path("details").path("verdict").asString()).isEqualTo("ok");
		assertThat(revision.path("occurredAt").asString()).isEqualTo(disclosure.path("occurredAt").asString());
	}

	@Test
	void theDashboardCountsTheLatestVerdictAlsoAfterARebuild() {
		JsonNode before = ledger.get("/api/v1/admin/projections/checksums").body();
		assertDashboardWithoutViolation();

		assertThat(ledger.postQuery("/api/v1/admin/projections/consent-projections/rebuild").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ledger.get("/api/v1/admin/projections/consent-projections/rebuild")
				.body()
				.path("state")
				.asString()
				.equals("done"));
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isEqualTo(before);
		assertDashboardWithoutViolation();
	}

	@Test
	void theExportShowsTheLatestVerdictUnderTheHistorysPositionsAndVerifies() {
		assertThat(ledger.postCommand("/api/v1/admin/checkpoints").status()).isEqualTo(200);
		byte[] bundle = ledger.getBytes(SUBJECT_PATH + "/export", REASON);
		BundleVerification verification = ExportTrust.verify(ledger, bundle);
		assertThat(verification.verified()).as(verification.failures().toString()).isTrue();
		ConsentFold fold = ConsentFold.of(verification.subjectEvents());
		assertThat(fold.violations()).isZero();
		assertThat(fold.sharings()).isEqualTo(1);

		Map<String, Long> bundlePositions = new HashMap<>();
		for (JsonNode event : verification.bundle().path("events")) {
			JsonNode payload = ExampleStory.JSON.readTree(event.path("payload").asString());
			bundlePositions.put(payload.path("provenance").path("eventId").asString(), event.path("position").asLong());
		}
		Map<String, Long> historyPositions = new HashMap<>();
		history()
			.forEach((item) -> historyPositions.put(item.path("eventId").asString(), item.path("position").asLong()));
		assertThat(historyPositions).hasSize(3).isEqualTo(bundlePositions);
		assertThat(verification.subjectEvents()).filteredOn((event) -> event.event() instanceof DataShared)
			.singleElement()
			.satisfies((event) -> assertThat(fold.judgmentOf(event.event().provenance()).orElseThrow().verdict())
				.isEqualTo("ok"));

		String html = ledger.get(SUBJECT_PATH + "/export.html?lang=en", REASON).text();
		assertThat(html)
			.contains("<span class=\"violation\">violation</span> → <span class=\"ok\">lawful</span> " + "(revised)")
			.contains("Judgment revised", "judged event: Data shared");
		assertThat(ledger.get(SUBJECT_PATH + "/export.html?lang=kk", REASON).text()).contains("Бағалау қайта қаралды",
				"қайта бағаланды");
	}

	@Test
	void theDashboardsTimelineShowsTheRevisedVerdictInEachLanguage() {
		try (Browser browser = new Browser(ledger.queryUrl())) {
			browser.open("/login");
			browser.await(By.id("username")).sendKeys("dpo-kinoqazaqsha");
			browser.driver.findElement(By.id("password")).sendKeys("dpo-demo", Keys.ENTER);
			browser.await(By.cssSelector("#figures dd"));
			browser.open("/#/subjects/" + SUBJECT);
			Map<String, List<String>> texts = Map.of("en",
					List.of("Data shared — violation → ok (revised)",
							"Judgment revised — judged event: Data shared ok"),
					"ru",
					List.of("Данные переданы — нарушение → в порядке (пересмотрено)",
							"Оценка пересмотрена — оцениваемое событие: Данные переданы в порядке"),
					"kk", List.of("Деректер берілді — бұзушылық → қалыпты (қайта бағаланды)",
							"Бағалау қайта қаралды — бағаланған оқиға: Деректер берілді қалыпты"));
			for (Map.Entry<String, List<String>> language : texts.entrySet()) {
				new Select(browser.await(By.id("lang"))).selectByValue(language.getKey());
				for (String text : language.getValue()) {
					browser.awaitText(By.id("timeline"), text);
				}
			}
		}
	}

	private static void assertDashboardWithoutViolation() {
		JsonNode overview = ledger.get(DASHBOARD).body();
		assertThat(overview.path("figures").path("violations").asLong()).isZero();
		assertThat(overview.path("figures").path("shares").asLong()).isEqualTo(1);
		JsonNode recipients = overview.path("tables").path("recipients");
		assertThat(recipients.path("rows").size()).isEqualTo(1);
		assertThat(column(recipients, recipients.path("rows").get(0), "violations").asLong()).isZero();
		JsonNode monthly = overview.path("tables").path("monthly");
		JsonNode october = monthly.path("rows")
			.valueStream()
			.filter((row) -> row.get(0).asString().equals("2026-10"))
			.findFirst()
			.orElseThrow();
		assertThat(column(monthly, october, "violations").asLong()).isZero();
		assertThat(column(monthly, october, "shared").asLong()).isEqualTo(1);
		assertThat(column(monthly, october, "revised").asLong()).isEqualTo(1);

		assertThat(ledger.get(DASHBOARD + "/tables/violations").body().path("rows").isEmpty()).isTrue();
		JsonNode sharing = ledger.get(DASHBOARD + "/tables/sharing").body();
		assertThat(sharing.path("rows").size()).isEqualTo(1);
		assertThat(column(sharing, sharing.path("rows").get(0), "verdict").asString()).isEqualTo("ok");
	}

	private static JsonNode column(JsonNode table, JsonNode row, String name) {
		List<String> columns = ExampleStory.strings(table.path("columns"));
		assertThat(columns).contains(name);
		return row.get(columns.indexOf(name));
	}

	private static List<JsonNode> history() {
		RunningLedger.Response history = ledger.get(SUBJECT_PATH + "/history");
		return (history.status() == 200) ? history.body().path("items").valueStream().toList() : List.of();
	}

	private static void post(ObjectNode event) {
		RunningLedger.Response response = ledger.post("application/cloudevents+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(event));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
	}

}
