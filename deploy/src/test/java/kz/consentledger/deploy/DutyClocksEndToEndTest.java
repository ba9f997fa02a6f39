package kz.consentledger.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The duties' clocks of issue 27 on real PostgreSQL, fed over HTTP: each state on the day
 * asked about, a clock across a holiday, a closing fact that arrives before its clock (by
 * the event it names and by its trigger) giving the same clock as the usual order, the
 * retention report, CSV with a hostile reference neutralised, the regulator's view across
 * two operators, a DPO refused another operator's clocks, bad parameters answered with
 * problems, and a rebuild that ends where the live projection did.
 */
class DutyClocksEndToEndTest {

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static final String OTHER = "190840027812";

	private static final String CLOCKS = "/api/v1/operators/" + OPERATOR + "/clocks";

	private static final String HOSTILE_REF = "=HYPERLINK(\"http://x.invalid\",\"<b>\")";

	private static final Map<String, String> DPO = Map.of("Authorization",
			RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo"));

	private static final Map<String, String> OTHER_DPO = Map.of("Authorization",
			RunningLedger.basic("dpo-ipsm", "dpo-demo"));

	private static final Map<String, String> REGULATOR = Map.of("Authorization",
			RunningLedger.basic("regulator", "regulator-demo"));

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("duty_clocks");
		post(ExampleStory.json("policy-published.json"));
		ObjectNode noRetention = ExampleStory.json("policy-published.json");
		noRetention.put("id", "policy-without-retention");
		((ObjectNode) noRetention.path("data")).put("version", "2026-01-01").remove("retention");
		post(noRetention);
		// Friday 13 November: an access request, 3 working days, answered on Tuesday 17.
		post(event(OPERATOR, "access-1", "kz.consent.request.received.v1", "clock-access", "2026-11-13T10:00:00+05:00",
				"{\"requestRef\":\"DSR-1\",\"kind\":\"access\",\"channel\":\"egov\"}"));
		post(event(OPERATOR, "access-1-answer", "kz.consent.request.answered.v1", "clock-access",
				"2026-11-17T16:00:00+05:00", "{\"requestRef\":\"DSR-1\",\"outcome\":\"answered\"}"));
		// Monday 2 November: blocking within 1 working day, never answered.
		post(event(OPERATOR, "blocking-1", "kz.consent.request.received.v1", "clock-overdue",
				"2026-11-02T10:00:00+05:00", "{\"requestRef\":\"DSR-2\",\"kind\":\"blocking\",\"channel\":\"egov\"}"));
		// Tuesday 15 December: correction within 1 working day; Wednesday 16 is a
		// holiday.
		post(event(OPERATOR, "correction-1", "kz.consent.request.received.v1", "clock-holiday",
				"2026-12-15T10:00:00+05:00",
				"{\"requestRef\":\"DSR-3\",\"kind\":\"correction\",\"channel\":\"written-paper\"}"));
		post(event(OPERATOR, "correction-1-answer", "kz.consent.request.answered.v1", "clock-holiday",
				"2026-12-17T15:00:00+05:00", "{\"requestRef\":\"DSR-3\",\"outcome\":\"answered\"}"));
		// A court order due Tuesday 10 November, done on Friday 13: in order, and with
		// the
		// destruction arriving first, naming the due event or only its trigger.
		postDestruction("late-in-order", true, true);
		postDestruction("late-reversed", false, true);
		postDestruction("late-unnamed", false, false);
		// A producer's free-text reference (a request's is restricted to a URL-safe
		// form).
		post(event(OPERATOR, "hostile-1", "kz.consent.destruction.due.v1", "clock-hostile", "2026-11-20T10:00:00+05:00",
				"{\"trigger\":\"unlawful-processing\",\"legalReference\":"
						+ ExampleStory.JSON.writeValueAsString(HOSTILE_REF) + "}"));
		// The agreements end on 1 December: under a 3-year rule, and under a version with
		// none.
		post(event(OPERATOR, "ended-1", "kz.consent.agreement.ended.v1", "retention-rule", "2026-12-01T12:00:00+05:00",
				"{\"policyVersion\":\"2021-03-18\"}"));
		post(event(OPERATOR, "ended-2", "kz.consent.agreement.ended.v1", "retention-none", "2026-12-01T12:00:00+05:00",
				"{\"policyVersion\":\"2026-01-01\"}"));
		// The other operator: one access request.
		post(event(OTHER, "other-access", "kz.consent.request.received.v1", "clock-other", "2026-11-13T10:00:00+05:00",
				"{\"requestRef\":\"IPSM-1\",\"kind\":\"access\",\"channel\":\"egov\"}"));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(clocks("?on=2030-01-01&size=100", REGULATOR)).hasSize(9));
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	void eachStateOnTheDayAskedAbout() {
		JsonNode access = one("clock-access", "2026-11-16");
		assertThat(access.path("kind").asString()).isEqualTo("access");
		assertThat(access.path("dueDate").asString()).isEqualTo("2026-11-18");
		assertThat(access.path("state").asString()).isEqualTo("due");
		assertThat(access.path("closed").isNull()).isTrue();
		assertThat(one("clock-access", "2026-11-20").path("state").asString()).isEqualTo("met");
		assertThat(one("clock-access", "2026-11-20").path("outcome").asString()).isEqualTo("answered");
		assertThat(clocks("?on=2026-11-12", DPO)).extracting((c) -> c.path("subject").asString())
			.doesNotContain("clock-access");

		assertThat(one("clock-overdue", "2026-11-03").path("state").asString()).isEqualTo("due");
		assertThat(one("clock-overdue", "2026-11-05").path("state").asString()).isEqualTo("overdue");

		JsonNode late = one("late-in-order", "2026-11-20");
		assertThat(late.path("dueDate").asString()).isEqualTo("2026-11-10");
		assertThat(late.path("closed").asString()).isEqualTo("2026-11-13");
		assertThat(late.path("state").asString()).isEqualTo("late");
		assertThat(clocks("?on=2026-11-20&state=late", DPO)).extracting((c) -> c.path("subject").asString())
			.containsExactlyInAnyOrder("late-in-order", "late-reversed", "late-unnamed");
		assertThat(clocks("?on=2026-11-20&state=overdue&kind=blocking", DPO))
			.extracting((c) -> c.path("subject").asString())
			.containsExactly("clock-overdue");
	}

	@Test
	void aClockAcrossAHolidayIsMet() {
		JsonNode correction = one("clock-holiday", "2026-12-18");
		assertThat(correction.path("opened").asString()).isEqualTo("2026-12-15");
		assertThat(correction.path("dueDate").asString()).isEqualTo("2026-12-17");
		assertThat(correction.path("calendarVersion").asString()).isNotBlank().isNotEqualTo("unknown");
		assertThat(correction.path("state").asString()).isEqualTo("met");
	}

	@Test
	void aDestructionBeforeItsClockClosesItAsTheUsualOrderDoes() {
		JsonNode inOrder = one("late-in-order", "2026-11-20");
		for (String subject : List.of("late-reversed", "late-unnamed")) {
			JsonNode other = one(subject, "2026-11-20");
			for (String field : List.of("kind", "trigger", "opened", "dueDate", "closed", "outcome", "state")) {
				assertThat(other.path(field)).as(subject + " " + field).isEqualTo(inOrder.path(field));
			}
			assertThat(other.path("closingEventId").asString()).isEqualTo(subject + "-done");
		}
	}

	@Test
	void theRetentionReportNamesWhoIsPastAndWhoHasNoRule() {
		JsonNode now = ledger.get("/api/v1/operators/" + OPERATOR + "/retention?on=2027-01-10", DPO).body();
		assertThat(now.path("items")).extracting((c) -> c.path("subject").asString() + " " + c.path("state").asString())
			.containsExactly("retention-none no-rule");
		JsonNode later = ledger.get("/api/v1/operators/" + OPERATOR + "/retention?on=2030-06-01", DPO).body();
		assertThat(later.path("items"))
			.extracting((c) -> c.path("subject").asString() + " " + c.path("state").asString())
			.containsExactly("retention-rule overdue", "retention-none no-rule");
		assertThat(later.path("items").get(0).path("dueDate").asString()).startsWith("2029-12");
	}

	@Test
	void csvByParameterOrAcceptNeutralisesAFormula() {
		RunningLedger.Response csv = ledger.get(CLOCKS + "?on=2026-11-25&kind=destruction&state=overdue&format=csv",
				DPO);
		assertThat(csv.status()).as(csv.text()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		String[] lines = csv.text().split("\r\n");
		assertThat(lines[0]).startsWith("operator,subject,kind,trigger,request_ref,");
		assertThat(lines).hasSize(2);
		assertThat(lines[1]).contains("\"clock-hostile\"", "\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"<b>\"\")\"",
				"\"overdue\"");
		RunningLedger.Response accepted = ledger.get(CLOCKS + "?on=2026-11-25&kind=destruction&state=overdue",
				Map.of("Authorization", DPO.get("Authorization"), "Accept", "text/csv"));
		assertThat(accepted.text()).isEqualTo(csv.text());
	}

	@Test
	void theRegulatorSeesEveryOperatorAndADpoOnlyItsOwn() {
		assertThat(clocks("?on=2026-11-16&kind=access", REGULATOR)).extracting((c) -> c.path("operator").asString())
			.contains(OPERATOR, OTHER);
		assertThat(clocks("?on=2026-11-16&kind=access&operator=" + OTHER, REGULATOR))
			.extracting((c) -> c.path("subject").asString())
			.containsExactly("clock-other");
		assertThat(clocks("?on=2026-11-16&kind=access", DPO)).extracting((c) -> c.path("operator").asString())
			.containsOnly(OPERATOR);
		assertThat(ledger.get("/api/v1/clocks?operator=" + OTHER, DPO).status()).isEqualTo(403);
		assertThat(ledger.get(CLOCKS, OTHER_DPO).status()).isEqualTo(403);
		assertThat(ledger.get("/api/v1/operators/" + OPERATOR + "/retention", OTHER_DPO).status()).isEqualTo(403);
		JsonNode audit = ledger.get("/api/v1/audit/accesses?operator=" + OPERATOR + "&reason=clocks", REGULATOR).body();
		assertThat(audit.valueStream().map((r) -> r.path("action").asString() + " " + r.path("outcome").asString()))
			.contains("duty-clocks answered", "duty-clocks refused 403", "retention answered");
	}

	@Test
	void badParametersAreProblems() {
		for (String query : List.of("?state=late-ish", "?kind=everything", "?on=2026-13-01", "?format=xml",
				"?size=0")) {
			RunningLedger.Response response = ledger.get(CLOCKS + query, DPO);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.contentType()).as(query).startsWith("application/problem+json");
		}
		assertThat(ledger.get(CLOCKS + "?state=late-ish", DPO).body().path("parameter").asString()).isEqualTo("state");
	}

	@Test
	void aRebuildEndsWhereTheLiveProjectionDid() {
		JsonNode before = ledger.get("/api/v1/admin/projections/checksums").body();
		assertThat(before.toString()).contains("query.duty_clock");
		assertThat(ledger.postQuery("/api/v1/admin/projections/consent-projections/rebuild").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ledger.get("/api/v1/admin/projections/consent-projections/rebuild")
				.body()
				.path("state")
				.asString()
				.equals("done"));
		assertThat(ledger.get("/api/v1/admin/projections/checksums").body()).isEqualTo(before);
	}

	private static JsonNode one(String subject, String on) {
		List<JsonNode> found = clocks("?on=" + on + "&size=500", DPO).stream()
			.filter((c) -> c.path("subject").asString().equals(subject))
			.toList();
		assertThat(found).as(subject + " on " + on).hasSize(1);
		return found.get(0);
	}

	private static List<JsonNode> clocks(String query, Map<String, String> account) {
		String path = (account == REGULATOR) ? "/api/v1/clocks" : CLOCKS;
		RunningLedger.Response response = ledger.get(path + query, account);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.body().path("items").valueStream().toList();
	}

	private static void postDestruction(String subject, boolean dueFirst, boolean named) {
		ObjectNode due = event(OPERATOR, subject + "-due", "kz.consent.destruction.due.v1", subject,
				"2026-11-09T10:00:00+05:00",
				"{\"trigger\":\"court-order\",\"legalReference\":\"Law 94-V Art. 18\",\"requestRef\":\"COURT-7\"}");
		ObjectNode done = event(OPERATOR, subject + "-done", "kz.consent.destruction.done.v1", subject,
				"2026-11-13T11:00:00+05:00",
				"{\"trigger\":\"court-order\",\"outcome\":\"destroyed\",\"dataCategories\":[\"email\"],"
						+ "\"systems\":[\"crm\"],\"method\":\"deletion\",\"performedBy\":\"steward\""
						+ (named ? ",\"dueEventId\":\"" + subject + "-due\"" : "") + "}");
		if (dueFirst) {
			post(due);
			post(done);
		}
		else {
			post(done);
			post(due);
		}
	}

	private static ObjectNode event(String operator, String id, String type, String subject, String time, String data) {
		ObjectNode event = ExampleStory.json("withdrawn.json");
		event.put("id", id).put("type", type).put("subject", subject).put("time", time);
		ObjectNode body = (ObjectNode) ExampleStory.JSON.readTree(data);
		body.put("operator", operator);
		event.set("data", body);
		return event;
	}

	private static void post(ObjectNode event) {
		RunningLedger.Response response = ledger.post("application/cloudevents+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(event));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
	}

}
