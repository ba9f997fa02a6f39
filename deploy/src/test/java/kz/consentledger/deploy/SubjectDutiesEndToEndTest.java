package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 27's upstream facts (destruction due and done, agreement ended, purpose reached,
 * request received and answered) through Kafka and over HTTP, and the DPO's own records
 * over HTTP, on real PostgreSQL and Kafka, one running ledger for all: each stored once,
 * in the history with its due date on Kazakhstan's calendar, a malformed one of each type
 * refused naming its field.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubjectDutiesEndToEndTest {

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static final String OTHER_OPERATOR = "190840027812";

	/**
	 * Friday 23 October 2026: the weekend and Monday 26 October (Republic Day, 25
	 * October, carried over) are not counted.
	 */
	private static final String FRIDAY = "2026-10-23T10:00:00+05:00";

	/**
	 * Thursday 2 January 2025: Friday 3 January was a day off, transferred from Sunday 5
	 * January, which was worked.
	 */
	private static final String TRANSFER_2025 = "2025-01-02T10:00:00+05:00";

	private static RunningLedger ledger;

	private static KafkaProducer<byte[], byte[]> producer;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("subject_duties");
		producer = LedgerInfrastructure.get().producer(Map.of());
	}

	@AfterAll
	static void stop() {
		producer.close();
		ledger.close();
	}

	/**
	 * Each type twice through Kafka, on one key so that the last one seen proves the
	 * duplicates before it were passed over.
	 */
	@Test
	@Order(1)
	void upstreamFactsThroughKafkaAreStoredOnceWithTheirDueDates() {
		ObjectNode aitu = ExampleStory.json("policy-published.json");
		aitu.put("id", "policy-aitu");
		((ObjectNode) aitu.path("data")).put("version", "aitu");
		ObjectNode momu = ExampleStory.json("policy-published.json");
		momu.put("id", "policy-momu");
		((ObjectNode) momu.path("data")).put("version", "momu");
		((ObjectNode) momu.path("data")).putObject("retention").put("untilPurposeReached", true);
		send(OPERATOR, aitu);
		send(OPERATOR, momu);
		// The versions first: on another partition, a retention could otherwise be judged
		// before them and get its date only when judged again (order 6 tests that).
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ledger.get("/api/v1/operators/" + OPERATOR + "/policies/aitu").status() == 200
					&& ledger.get("/api/v1/operators/" + OPERATOR + "/policies/momu").status() == 200);
		List<ObjectNode> facts = facts("k", "duty-1", FRIDAY);
		facts.forEach((fact) -> send(OPERATOR + ":duty-1", fact));
		facts.forEach((fact) -> send(OPERATOR + ":duty-1", fact));
		send(OPERATOR + ":duty-1", event("k-last", "kz.consent.request.received.v1", "duty-1", FRIDAY,
				"{\"requestRef\":\"DSR-k2\",\"kind\":\"objection\",\"channel\":\"egov\"}"));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(history("duty-1")).anyMatch((e) -> e.path("eventId").asString().equals("k-last")));
		assertStoredOnce("duty-1", "k");
	}

	/** The same six types over HTTP in a batch, posted twice. */
	@Test
	@Order(2)
	void upstreamFactsOverHttpAreStoredOnceWithTheirDueDates() {
		ArrayNode batch = ExampleStory.JSON.createArrayNode();
		facts("h", "duty-2", FRIDAY).forEach(batch::add);
		byte[] body = ExampleStory.JSON.writeValueAsBytes(batch);
		RunningLedger.Response first = ledger.post("application/cloudevents-batch+json", Map.of(), body);
		assertThat(first.status()).as(first.text()).isEqualTo(200);
		assertThat(first.body().path("results").valueStream().map((r) -> r.path("status").asString()))
			.containsOnly("appended");
		RunningLedger.Response again = ledger.post("application/cloudevents-batch+json", Map.of(), body);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().path("results").valueStream().map((r) -> r.path("status").asString())).hasSize(6)
			.containsOnly("duplicate");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(history("duty-2")).hasSize(6));
		assertStoredOnce("duty-2", "h");
	}

	/**
	 * A destruction request received on Thursday 2 January 2025 is due on Sunday 5
	 * January 2025, a worked day.
	 */
	@Test
	@Order(3)
	void aDueDateCountsA2025TransferredWorkingDay() {
		RunningLedger.Response response = ledger.post("application/cloudevents+json", Map.of(),
				bytes(event("rr-2025", "kz.consent.request.received.v1", "duty-2025", TRANSFER_2025,
						"{\"requestRef\":\"DSR-2025\",\"kind\":\"destruction\",\"channel\":\"written-paper\"}")));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history("duty-2025")).hasSize(1));
		JsonNode due = entry(history("duty-2025"), "request-received").path("details").path("due");
		assertThat(due.path("date").asString()).isEqualTo("2025-01-05");
		assertThat(due.path("provisional").asBoolean()).isFalse();
	}

	/**
	 * One malformed event of each new type: dead-lettered with its reason through Kafka,
	 * a 400 problem naming the field over HTTP.
	 */
	@Test
	@Order(4)
	void aMalformedEventOfEachTypeIsRefusedNamingItsField() {
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("kz.consent.destruction.due.v1",
				"{\"trigger\":\"court-order\",\"legalReference\":\"Art. 18\",\"dueBy\":\"2026-02-30\"}");
		bad.put("kz.consent.destruction.done.v1",
				"{\"trigger\":\"court-order\",\"outcome\":\"held\",\"systems\":[\"crm\"],\"method\":\"access-restriction\",\"performedBy\":\"A. B.\"}");
		bad.put("kz.consent.agreement.ended.v1", "{\"purposes\":[\"Not Kebab\"]}");
		bad.put("kz.consent.purpose.reached.v1", "{\"purposes\":[]}");
		bad.put("kz.consent.request.received.v1",
				"{\"requestRef\":\"DSR-9\",\"kind\":\"gossip\",\"channel\":\"egov\"}");
		bad.put("kz.consent.request.answered.v1", "{\"requestRef\":\"DSR-9\",\"outcome\":\"refused\"}");
		Map<String, String> fields = Map.of("kz.consent.destruction.due.v1", "data.dueBy",
				"kz.consent.destruction.done.v1", "data.hold", "kz.consent.agreement.ended.v1", "data.purposes[0]",
				"kz.consent.purpose.reached.v1", "data.purposes", "kz.consent.request.received.v1", "data.kind",
				"kz.consent.request.answered.v1", "data.reason");
		bad.forEach((type, data) -> send(OPERATOR + ":duty-9", event("bad-" + type, type, "duty-9", FRIDAY, data)));
		List<ConsumerRecord<byte[], byte[]>> dead = ledger.deadLetters(bad.size());
		assertThat(dead).hasSize(bad.size());
		for (ConsumerRecord<byte[], byte[]> record : dead) {
			String type = ExampleStory.JSON.readTree(record.value()).path("type").asString();
			assertThat(RunningLedger.header(record, "ledger-error-kind")).isEqualTo("malformed");
			assertThat(RunningLedger.header(record, "ledger-error-fields")).as(type).contains(fields.get(type));
			assertThat(RunningLedger.header(record, "ledger-error-reason")).as(type).contains(fields.get(type));
		}
		bad.forEach((type, data) -> {
			RunningLedger.Response refused = ledger.post("application/cloudevents+json", Map.of(),
					bytes(event("http-bad-" + type, type, "duty-9", FRIDAY, data)));
			assertThat(refused.status()).as(type).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(violation(refused, fields.get(type))).as(refused.text()).isNotEmpty();
		});
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id LIKE '%bad-%'", Long.class))
			.isZero();
	}

	/**
	 * The DPO's answer and destruction: the operator's DPO or an admin only, an account
	 * required, every bad field named, a retry with the same key stored once, the free
	 * text sealed.
	 */
	@Test
	@Order(5)
	void theDposOwnRecordsAreAppendedOnceAndOnlyByTheOperatorsDpo() {
		String answer = "/api/v1/operators/" + OPERATOR + "/subjects/duty-3/requests/DSR-3/answer";
		String refusal = "{\"outcome\":\"refused\",\"reason\":\"Identity of the requester not confirmed\"}";
		RunningLedger.Response appended = dpo(answer, OPERATOR, "answer-1", refusal);
		assertThat(appended.status()).as(appended.text()).isEqualTo(200);
		assertThat(appended.body().path("status").asString()).isEqualTo("appended");
		assertThat(appended.body().path("source").asString()).isEqualTo("urn:consent-ledger:dpo:dpo-" + OPERATOR);
		assertThat(dpo(answer, OPERATOR, "answer-1", refusal).body().path("status").asString()).isEqualTo("duplicate");
		RunningLedger.Response conflict = dpo(answer, OPERATOR, "answer-1", "{\"outcome\":\"answered\"}");
		assertThat(conflict.status()).as(conflict.text()).isEqualTo(409);
		assertThat(conflict.contentType()).startsWith("application/problem+json");
		assertThat(dpo(answer, OTHER_OPERATOR, "answer-2", refusal).status()).isEqualTo(403);
		assertThat(ledger
			.send("POST", ledger.commandUrl() + answer,
					Map.of("Content-Type", "application/json", "Idempotency-Key", "answer-2"),
					refusal.getBytes(StandardCharsets.UTF_8))
			.status()).isEqualTo(401);
		RunningLedger.Response noReason = dpo(answer, OPERATOR, "answer-3", "{\"outcome\":\"refused\"}");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.contentType()).startsWith("application/problem+json");
		assertThat(violation(noReason, "reason")).as(noReason.text()).contains("required");
		RunningLedger.Response notJson = dpo(answer, OPERATOR, "answer-4", "{outcome");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(violation(notJson, "body")).as(notJson.text()).contains("not valid JSON");

		String destructions = "/api/v1/operators/" + OPERATOR + "/subjects/duty-3/destructions";
		String done = "{\"trigger\":\"subject-request\",\"outcome\":\"destroyed\",\"systems\":[\"crm\"],"
				+ "\"method\":\"deletion\",\"performedBy\":\"Aigerim Sadykova\"}";
		RunningLedger.Response destroyed = dpo(destructions, OPERATOR, "destroyed-1", done);
		assertThat(destroyed.status()).as(destroyed.text()).isEqualTo(200);
		assertThat(destroyed.body().path("status").asString()).isEqualTo("appended");
		assertThat(dpo(destructions, OPERATOR, "destroyed-1", done).body().path("status").asString())
			.isEqualTo("duplicate");
		assertThat(dpo(destructions, OPERATOR, "destroyed-1", done.replace("crm", "billing")).status()).isEqualTo(409);
		assertThat(dpo(destructions, OTHER_OPERATOR, "destroyed-2", done).status()).isEqualTo(403);
		assertThat(ledger
			.send("POST", ledger.commandUrl() + destructions, Map.of("Content-Type", "application/json"),
					done.getBytes(StandardCharsets.UTF_8))
			.status()).isEqualTo(401);
		RunningLedger.Response holdNotHeld = dpo(destructions, OPERATOR, "destroyed-3",
				done.replace("}", ",\"hold\":\"Tax Code Art. 48\"}"));
		assertThat(holdNotHeld.status()).isEqualTo(400);
		assertThat(violation(holdNotHeld, "hold")).as(holdNotHeld.text()).contains("only when outcome is held");
		RunningLedger.Response badOutcome = dpo(destructions, OPERATOR, "destroyed-4",
				done.replace("destroyed", "burnt"));
		assertThat(badOutcome.status()).isEqualTo(400);
		assertThat(violation(badOutcome, "outcome")).as(badOutcome.text()).isNotEmpty();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history("duty-3")).hasSize(2));
		assertThat(entry(history("duty-3"), "request-answered").path("details").path("outcome").asString())
			.isEqualTo("refused");
		assertThat(entry(history("duty-3"), "data-destroyed").path("details").path("outcome").asString())
			.isEqualTo("destroyed");
		assertThat(ledger.jdbc()
			.queryForObject(
					"SELECT count(*) FROM ledger.domain_event_entry WHERE convert_from(payload, 'UTF8') "
							+ "LIKE '%Identity of the requester%' OR convert_from(payload, 'UTF8') LIKE '%Aigerim%'",
					Long.class))
			.as("the refusal's reason and who destroyed are sealed")
			.isZero();
	}

	/**
	 * An agreement that ends before its policy version is published (in the demo the
	 * publication travels in another partition) is stored without a date; once the
	 * version is published the ledger judges it again and the retention clock takes the
	 * rule's date.
	 */
	@Test
	@Order(6)
	void aRetentionGetsItsDateWhenItsPolicyVersionIsPublishedAfterIt() {
		post(event("late-ae", "kz.consent.agreement.ended.v1", "duty-late", "2026-11-02T12:00:00+05:00",
				"{\"policyVersion\":\"late-aitu\"}"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(retentionClock("duty-late").path("legalReference").asString())
				.isEqualTo("no rule: policy version late-aitu is not published"));
		assertThat(retentionClock("duty-late").path("state").asString()).isEqualTo("no-rule");

		ObjectNode policy = ExampleStory.json("policy-published.json");
		policy.put("id", "policy-late-aitu");
		((ObjectNode) policy.path("data")).put("version", "late-aitu");
		post(policy);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(retentionClock("duty-late").path("dueDate").asString()).isEqualTo("2029-11-02"));
		JsonNode clock = retentionClock("duty-late");
		assertThat(clock.path("legalReference").asString()).isEqualTo("3 years after the agreement ends");
		assertThat(clock.path("calendarVersion").asString()).isNotBlank().isNotEqualTo("unknown");
		assertThat(clock.path("provisional").asBoolean()).isTrue();
		assertThat(clock.path("state").asString()).isEqualTo("overdue");
		JsonNode revised = entry(history("duty-late"), "judgment-revised").path("details");
		assertThat(revised.path("judgedType").asString()).isEqualTo("processing-ended");
		assertThat(revised.path("judgedEventId").asString()).isEqualTo("late-ae");
		assertThat(revised.path("stopDueBy").asString()).isEqualTo("2029-11-02");
	}

	/**
	 * A source the ledger keeps for itself, a destruction due before the day it became
	 * due, and a request reference that cannot stand in the answer's URL are refused over
	 * HTTP and dead-lettered from Kafka, each naming its field; a producer's date earlier
	 * than the law's is kept, on the Almaty business date.
	 */
	@Test
	@Order(7)
	void forgedSourcesEarlyDueDatesAndReferencesWithASlashAreRefused() {
		ObjectNode forged = event("forged-1", "kz.consent.request.answered.v1", "duty-7", FRIDAY,
				"{\"requestRef\":\"DSR-7\",\"outcome\":\"answered\"}");
		forged.put("source", "urn:consent-ledger:dpo:dpo-" + OPERATOR);
		ObjectNode early = event("early-1", "kz.consent.destruction.due.v1", "duty-7", FRIDAY,
				"{\"trigger\":\"court-order\",\"legalReference\":\"Art. 18\",\"dueBy\":\"2026-10-22\"}");
		ObjectNode slash = event("slash-1", "kz.consent.request.received.v1", "duty-7", FRIDAY,
				"{\"requestRef\":\"DSR/7\",\"kind\":\"access\",\"channel\":\"egov\"}");
		Map<String, ObjectNode> refused = Map.of("source", forged, "data.dueBy", early, "data.requestRef", slash);
		Map<String, String> messages = Map.of("source", "urn:consent-ledger:", "data.dueBy", "2026-10-23",
				"data.requestRef", "pattern");
		refused.forEach((field, event) -> {
			RunningLedger.Response response = ledger.post("application/cloudevents+json", Map.of(), bytes(event));
			assertThat(response.status()).as(field).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(violation(response, field)).as(response.text()).contains(messages.get(field));
		});
		refused.values().forEach((event) -> send(OPERATOR + ":duty-7", event));
		List<String> ids = List.of("forged-1", "early-1", "slash-1");
		List<ConsumerRecord<byte[], byte[]>> dead = ledger
			.deadLetters(
					(records) -> records.stream().map(SubjectDutiesEndToEndTest::eventId).toList().containsAll(ids))
			.stream()
			.filter((record) -> ids.contains(eventId(record)))
			.toList();
		refused.forEach((field, event) -> assertThat(dead)
			.filteredOn((record) -> eventId(record).equals(event.path("id").asString()))
			.singleElement()
			.satisfies((record) -> {
				assertThat(RunningLedger.header(record, "ledger-error-kind")).isEqualTo("malformed");
				assertThat(RunningLedger.header(record, "ledger-error-fields")).as(field).contains(field);
			}));
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id IN ('forged-1', 'early-1', "
					+ "'slash-1')", Long.class))
			.isZero();

		// 20:00 UTC on Thursday 22 October is Friday 23 in Almaty: due that day, sooner
		// than the law's Tuesday 27 (the weekend and Monday 26 off).
		post(event("sooner-1", "kz.consent.destruction.due.v1", "duty-7", "2026-10-22T20:00:00Z",
				"{\"trigger\":\"court-order\",\"legalReference\":\"Art. 18\",\"dueBy\":\"2026-10-23\"}"));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history("duty-7")).hasSize(1));
		JsonNode due = entry(history("duty-7"), "destruction-due").path("details");
		assertThat(due.path("due").path("date").asString()).isEqualTo("2026-10-23");
		assertThat(due.path("due").path("calendar").asString()).isNotEqualTo("producer");
		assertThat(due.path("legalReference").asString()).isEqualTo("Art. 18; producer's date (statutory 2026-10-27)");
	}

	/**
	 * A destruction done yesterday and recorded today carries its own time; a time to
	 * come, before 2000 or not an instant is refused naming {@code at}, and a retry that
	 * names another time is a conflict.
	 */
	@Test
	@Order(8)
	void theDpoRecordsADestructionDoneEarlierAtItsTime() {
		String destructions = "/api/v1/operators/" + OPERATOR + "/subjects/duty-8/destructions";
		String done = "{\"trigger\":\"subject-request\",\"outcome\":\"destroyed\",\"systems\":[\"crm\"],"
				+ "\"method\":\"deletion\",\"at\":\"2026-10-22T09:00:00Z\"}";
		RunningLedger.Response appended = dpo(destructions, OPERATOR, "done-at-1", done);
		assertThat(appended.status()).as(appended.text()).isEqualTo(200);
		assertThat(dpo(destructions, OPERATOR, "done-at-1", done).body().path("status").asString())
			.isEqualTo("duplicate");
		assertThat(dpo(destructions, OPERATOR, "done-at-1", done.replace("2026-10-22", "2026-10-21")).status())
			.isEqualTo(409);
		for (String at : List.of("\"2999-01-01T00:00:00Z\"", "\"1999-12-31T23:59:59Z\"", "\"yesterday\"", "17")) {
			RunningLedger.Response bad = dpo(destructions, OPERATOR, "done-at-bad",
					done.replace("\"2026-10-22T09:00:00Z\"", at));
			assertThat(bad.status()).as(at).isEqualTo(400);
			assertThat(bad.contentType()).startsWith("application/problem+json");
			assertThat(violation(bad, "at")).as(bad.text()).isNotEmpty();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history("duty-8")).hasSize(1));
		JsonNode destroyed = entry(history("duty-8"), "data-destroyed");
		assertThat(destroyed.path("occurredAt").asString()).isEqualTo("2026-10-22T09:00:00Z");
		assertThat(destroyed.path("details").has("at")).isFalse();
	}

	/**
	 * The six types for {@code subject}, ids prefixed {@code prefix}, at {@code time}: a
	 * request received (access) and answered, a destruction due (court order) and done,
	 * an agreement ended (AITU's policy: 3 years) and a purpose reached on Friday 28
	 * August 2026 (Momu's: a working day; Constitution Day, Sunday 30 August, carried
	 * over to Monday).
	 */
	private static List<ObjectNode> facts(String prefix, String subject, String time) {
		return List.of(
				event(prefix + "-rr", "kz.consent.request.received.v1", subject, time,
						"{\"requestRef\":\"DSR-" + prefix + "\",\"kind\":\"access\",\"channel\":\"egov\"}"),
				event(prefix + "-ra", "kz.consent.request.answered.v1", subject, time,
						"{\"requestRef\":\"DSR-" + prefix + "\",\"outcome\":\"answered\"}"),
				event(prefix + "-dd", "kz.consent.destruction.due.v1", subject, time,
						"{\"trigger\":\"court-order\",\"legalReference\":\"Law 94-V Art. 18\",\"requestRef\":\"court-7\"}"),
				event(prefix + "-dn", "kz.consent.destruction.done.v1", subject, time,
						"{\"trigger\":\"court-order\",\"outcome\":\"destroyed\",\"systems\":[\"crm\"],\"method\":\"deletion\","
								+ "\"performedBy\":\"Aigerim Sadykova\",\"dueEventId\":\"" + prefix + "-dd\"}"),
				event(prefix + "-ae", "kz.consent.agreement.ended.v1", subject, "2026-11-02T12:00:00+05:00",
						"{\"policyVersion\":\"aitu\"}"),
				event(prefix + "-pr", "kz.consent.purpose.reached.v1", subject, "2026-08-28T12:00:00+05:00",
						"{\"purposes\":[\"marketing\"],\"policyVersion\":\"momu\"}"));
	}

	/**
	 * The six facts of {@link #facts} are each in the history once, as they should be.
	 */
	private static void assertStoredOnce(String subject, String prefix) {
		List<JsonNode> entries = history(subject);
		for (String kind : List.of("rr", "ra", "dd", "dn", "ae", "pr")) {
			assertThat(entries).as(prefix + "-" + kind)
				.filteredOn((e) -> e.path("eventId").asString().equals(prefix + "-" + kind))
				.hasSize(1);
		}
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id LIKE ?", Long.class,
					prefix + "-%"))
			.isEqualTo(entries.size());
		JsonNode received = entry(entries, "request-received").path("details");
		assertThat(received.path("due").path("date").asString()).isEqualTo("2026-10-29");
		assertThat(received.path("legalReference").asString()).contains("unverified");
		assertThat(entry(entries, "request-answered").path("details").path("requestRef").asString())
			.isEqualTo("DSR-" + prefix);
		assertThat(entry(entries, "destruction-due").path("details").path("due").path("date").asString())
			.isEqualTo("2026-10-27");
		assertThat(entry(entries, "data-destroyed").path("details").path("dueEventId").asString())
			.isEqualTo(prefix + "-dd");
		JsonNode agreement = ended(entries, "agreement-ended");
		assertThat(agreement.path("destroyBy").path("date").asString()).isEqualTo("2029-11-02");
		assertThat(agreement.path("destroyBy").path("provisional").asBoolean()).isTrue();
		JsonNode purpose = ended(entries, "purpose-reached");
		assertThat(purpose.path("destroyBy").path("date").asString()).isEqualTo("2026-09-01");
		assertThat(purpose.path("retentionRule").asString()).isEqualTo("until the purpose is reached");
	}

	private static JsonNode ended(List<JsonNode> entries, String reason) {
		return entries.stream()
			.map((e) -> e.path("details"))
			.filter((d) -> d.path("reason").asString().equals(reason))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + reason + " in " + entries));
	}

	/** The message of the problem's violation of {@code field}, empty when none. */
	private static String violation(RunningLedger.Response problem, String field) {
		return problem.body()
			.path("violations")
			.valueStream()
			.filter((v) -> v.path("field").asString().equals(field))
			.map((v) -> v.path("message").asString())
			.findFirst()
			.orElse("");
	}

	/**
	 * The subject's retention clock in the report of 2030 (past its date, or of no rule).
	 */
	private static JsonNode retentionClock(String subject) {
		RunningLedger.Response response = ledger
			.get("/api/v1/operators/" + OPERATOR + "/retention?on=2030-06-01&size=500");
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		List<JsonNode> clocks = response.body()
			.path("items")
			.valueStream()
			.filter((c) -> c.path("subject").asString().equals(subject))
			.toList();
		assertThat(clocks).as(response.text()).hasSize(1);
		return clocks.get(0);
	}

	private static String eventId(ConsumerRecord<byte[], byte[]> record) {
		return ExampleStory.JSON.readTree(record.value()).path("id").asString();
	}

	private static void post(ObjectNode event) {
		RunningLedger.Response response = ledger.post("application/cloudevents+json", Map.of(), bytes(event));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
	}

	private static RunningLedger.Response dpo(String path, String operator, String key, String body) {
		return ledger.send("POST", ledger.commandUrl() + path,
				Map.of("Content-Type", "application/json", "Idempotency-Key", key, "Authorization",
						TestIdentityProvider.get().bearer("dpo-" + operator, List.of("dpo"), List.of(operator))),
				body.getBytes(StandardCharsets.UTF_8));
	}

	private static List<JsonNode> history(String subject) {
		RunningLedger.Response response = ledger
			.get("/api/v1/operators/" + OPERATOR + "/subjects/" + subject + "/history?size=50");
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return StreamSupport.stream(response.body().path("items").spliterator(), false).toList();
	}

	private static JsonNode entry(List<JsonNode> entries, String type) {
		return entries.stream()
			.filter((e) -> e.path("type").asString().equals(type))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type + " in " + entries));
	}

	private static ObjectNode event(String id, String type, String subject, String time, String data) {
		ObjectNode event = ExampleStory.JSON.createObjectNode();
		event.put("specversion", "1.0");
		event.put("id", id);
		event.put("source", "//kinoqazaqsha.kz/crm");
		event.put("type", type);
		event.put("subject", subject);
		event.put("time", time);
		event.put("datacontenttype", "application/json");
		ObjectNode body = (ObjectNode) ExampleStory.JSON.readTree(data);
		body.put("operator", OPERATOR);
		event.set("data", body);
		return event;
	}

	private static byte[] bytes(ObjectNode event) {
		return ExampleStory.JSON.writeValueAsBytes(event);
	}

	private static void send(String key, ObjectNode event) {
		try {
			producer.send(new ProducerRecord<>(ledger.topic(), key.getBytes(StandardCharsets.UTF_8), bytes(event)))
				.get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
