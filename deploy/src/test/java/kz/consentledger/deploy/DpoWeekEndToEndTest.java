package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.events.SubjectErased;
import kz.consentledger.verifier.BundleVerification;
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
 * The DPO's week of issue 27, as {@code ./deploy/run.sh --demo} loads it (the contract's
 * story, then docs/demo/dpo-week through the demo loader) and as a DPO plays it through
 * the API: an access request answered in time, a destruction request done late across the
 * 2025 transfer (Sunday 5 January was worked), a retention date passed, an open request
 * answered from the ledger's own draft, and an erasure after which the store and the
 * subject's bundle still verify.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DpoWeekEndToEndTest {

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static final String CLOCKS = "/api/v1/operators/" + OPERATOR + "/clocks?size=500&on=2026-12-07";

	private static final Map<String, String> DPO = Map.of("Authorization",
			RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo"), "X-Access-Reason", "the DPO's week");

	private static final Map<String, String> REGULATOR = Map.of("Authorization",
			RunningLedger.basic("regulator", "regulator-demo"), "X-Access-Reason", "supervision 2026-12");

	private static RunningLedger ledger;

	@BeforeAll
	static void loadTheDemo() throws Exception {
		ledger = RunningLedger.start("dpo-week");
		DemoLoader.main(new String[] { "--bootstrap", ledger.settings().get("spring.kafka.bootstrap-servers"),
				"--topic", ledger.topic(), "--examples", DashboardEndToEndTest.examples().toString(), "--week",
				Path.of("..", "docs", "demo", "dpo-week").toString(), "--subjects", "0" });
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> clock("user-000603", "access") != null);
		// The signed draft needs a checkpoint: sealed now, not left to the sealer's next
		// round, which the projections may outrun.
		RunningLedger.Response sealed = ledger.postCommand("/api/v1/admin/checkpoints");
		assertThat(sealed.status()).as(sealed.text()).isEqualTo(200);
	}

	@AfterAll
	static void stop() {
		if (ledger != null) {
			ledger.close();
		}
	}

	@Test
	@Order(1)
	void theWeeksClocksStandAsTheCalendarSays() {
		JsonNode inTime = clock("user-000601", "access");
		assertThat(inTime.path("dueDate").asString()).isEqualTo("2026-12-03");
		assertThat(inTime.path("closed").asString()).isEqualTo("2026-12-02");
		assertThat(inTime.path("state").asString()).isEqualTo("met");

		// Thursday 2 January 2025, one working day: Friday 3 was given off for Sunday 5,
		// which was worked; done on Monday 6 January.
		JsonNode late = clock("user-000602", "destruction-request");
		assertThat(late.path("dueDate").asString()).isEqualTo("2025-01-05");
		assertThat(late.path("calendarVersion").asString()).isEqualTo(KazakhstanCalendar.standard().version());
		assertThat(late.path("provisional").asBoolean()).isFalse();
		assertThat(late.path("closed").asString()).isEqualTo("2025-01-06");
		assertThat(late.path("state").asString()).isEqualTo("late");

		// Three years after the agreement ended on 1 June 2023, nothing destroyed.
		JsonNode retention = clock("user-000512", "retention");
		assertThat(retention).as(ledger.get(CLOCKS, DPO).text()).isNotNull();
		assertThat(retention.path("dueDate").asString()).isEqualTo("2026-06-01");
		assertThat(retention.path("state").asString()).isEqualTo("overdue");
		JsonNode report = ledger.get("/api/v1/operators/" + OPERATOR + "/retention?on=2026-12-07", DPO).body();
		assertThat(report.path("items").findValuesAsString("subject")).contains("user-000512");

		// Friday 4 December 2026, three working days: Wednesday 9 December.
		JsonNode open = clock("user-000603", "access");
		assertThat(open.path("dueDate").asString()).isEqualTo("2026-12-09");
		assertThat(open.path("state").asString()).isEqualTo("due");

		// The story's withdrawal of 1 November: its stop was due by 20 November.
		JsonNode stop = clock(ExampleStory.SUBJECT, "withdrawal-stop");
		assertThat(stop.path("dueDate").asString()).isEqualTo("2026-11-20");
		assertThat(stop.path("state").asString()).isEqualTo("overdue");

		// The regulator sees the late one across operators.
		JsonNode across = ledger.get("/api/v1/clocks?state=late&on=2026-12-07&size=500", REGULATOR).body();
		assertThat(StreamSupport.stream(across.path("items").spliterator(), false)
			.map((item) -> item.path("operator").asString() + ":" + item.path("subject").asString()))
			.contains(OPERATOR + ":user-000602");
	}

	@Test
	@Order(2)
	void theOpenAccessRequestIsAnsweredFromTheLedgersDraft() {
		String answerPath = "/api/v1/operators/" + OPERATOR
				+ "/subjects/user-000603/access-answer?requestRef=DSR-2026-0121";
		String digest = null;
		for (String language : List.of("kk", "ru", "en")) {
			RunningLedger.Response answer = ledger.get(answerPath + "&lang=" + language, DPO);
			assertThat(answer.status()).as(answer.text()).isEqualTo(200);
			assertThat(answer.text()).contains("DSR-2026-0121", "2026-12-09", "198.51.100.7");
			digest = answer.body().path("answerDigest").asString();
		}
		Map<String, String> headers = new HashMap<>(DPO);
		headers.put("Content-Type", "application/json");
		headers.put("Idempotency-Key", "answer-DSR-2026-0121");
		RunningLedger.Response answered = ledger.send("POST",
				ledger.commandUrl() + "/api/v1/operators/" + OPERATOR
						+ "/subjects/user-000603/requests/DSR-2026-0121/answer",
				headers,
				("{\"outcome\":\"answered\",\"document\":\"" + digest + "\"}").getBytes(StandardCharsets.UTF_8));
		assertThat(answered.status()).as(answered.text()).isEqualTo(200);

		LocalDate today = LocalDate.now(KazakhstanCalendar.ZONE);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !clock("user-000603", "access", today).path("closed").isNull());
		JsonNode closed = clock("user-000603", "access", today);
		assertThat(closed.path("closed").asString()).isEqualTo(today.toString());
		assertThat(closed.path("state").asString())
			.isEqualTo(today.isAfter(LocalDate.of(2026, 12, 9)) ? "late" : "met");
	}

	@Test
	@Order(3)
	void anErasureLeavesTheStoreAndTheSubjectsBundleVerifiable() {
		Map<String, String> headers = new HashMap<>(DPO);
		headers.put("Content-Type", "application/json");
		RunningLedger.Response erased = ledger.send("POST",
				ledger.commandUrl() + "/api/v1/operators/" + OPERATOR + "/subjects/user-000512/erasure", headers,
				"{\"reason\":\"retention ended 2026-06-01\",\"requestedBy\":\"operator\"}"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(erased.status()).as(erased.text()).isEqualTo(200);
		String history = "/api/v1/operators/" + OPERATOR + "/subjects/user-000512/history";
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ledger.get(history, DPO).body().findValuesAsString("type").contains("subject-erased"));

		assertThat(ledger.postCommand("/api/v1/admin/checkpoints").status()).isEqualTo(200);
		RunningLedger.Response verification = ledger.postCommand("/api/v1/admin/verification");
		assertThat(verification.body().path("intact").asBoolean()).as(verification.text()).isTrue();
		byte[] bundle = ledger.getBytes("/api/v1/operators/" + OPERATOR + "/subjects/user-000512/export", REGULATOR);
		BundleVerification offline = ExportTrust.verify(ledger, bundle);
		assertThat(offline.verified()).as(offline.failures().toString()).isTrue();
		assertThat(offline.subjectEvents())
			.anySatisfy((event) -> assertThat(event.event()).isInstanceOf(SubjectErased.class));
	}

	private static JsonNode clock(String subject, String kind) {
		return clock(subject, kind, LocalDate.of(2026, 12, 7));
	}

	private static JsonNode clock(String subject, String kind, LocalDate on) {
		JsonNode clocks = ledger.get(CLOCKS.replace("2026-12-07", on.toString()), DPO).body();
		for (JsonNode item : clocks.path("items")) {
			if (item.path("subject").asString().equals(subject) && item.path("kind").asString().equals(kind)) {
				return item;
			}
		}
		return null;
	}

}
