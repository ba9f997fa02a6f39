package kz.consentledger.deploy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read side parks what it cannot store and goes on (docs/reliability.md). Events the
 * projections' tables refuse are written straight into the event table, the way the
 * command side stores events (the store is append-only and may hold such events from
 * before the contract refused them): a time in the year 999999999, a NUL in a string, and
 * an event that fails only at the batch's commit (a constraint the test adds). Each is
 * parked with its subject's later events while the other subjects are projected; the
 * subject's views say they are incomplete; a retry after the cause is fixed applies them,
 * an eviction drops them; a stalled processor turns readiness DOWN; a rebuild parks them
 * again and finishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParkedEventsEndToEndTest {

	private static final String STRUCTURED = "application/cloudevents+json";

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static final String PARKED = "/api/v1/admin/projections/consent-projections/parked";

	/**
	 * A grant whose business time PostgreSQL cannot store, and a later event behind it.
	 */
	private static final String FAR_FUTURE = "user-far-future";

	/** A grant with a NUL in its policy version. */
	private static final String NUL = "user-nul";

	/** A grant the database refuses only when the batch commits. */
	private static final String BLOCKED = "user-blocked";

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("parked_events",
				Map.of("ledger.projections.stall-after", "2s", "ledger.projections.health-sample-interval", "500ms"));
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	@Order(1)
	void unstorableEventsAreParkedWithTheirSubjectsLaterEventsWhileOtherSubjectsGoOn() {
		post(ExampleStory.bytes("policy-published.json"));
		post(ExampleStory.bytes("granted.json"));
		ledger.jdbc()
			.execute("ALTER TABLE query.history_entry ADD CONSTRAINT parked_test_block "
					+ "CHECK (event_id <> 'blocked-at-commit')");
		insertGrant(FAR_FUTURE, 0, "far-future-grant",
				(grant) -> provenance(grant).put("occurredAt", "+999999999-12-31T23:59:59Z"));
		insertGrant(FAR_FUTURE, 1, "far-future-second", (grant) -> {
		});
		insertGrant(NUL, 0, "nul-grant", (grant) -> grant.put("policyVersion", "2021\u000003-18"));
		insertGrant(BLOCKED, 0, "blocked-at-commit", (grant) -> {
		});
		// The story's subject goes on after them.
		post(ExampleStory.bytes("withdrawn.json"));

		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			assertThat(history(ExampleStory.SUBJECT).path("totalItems").asLong())
				.isEqualTo(subjectEvents(ExampleStory.SUBJECT));
			assertThat(ledger.get(PARKED).body().path("parkedEvents").asLong()).isEqualTo(4);
		});
		JsonNode parked = ledger.get(PARKED).body();
		assertThat(sequence(parked, FAR_FUTURE).path("parkedEvents").asLong()).isEqualTo(2);
		assertThat(sequence(parked, FAR_FUTURE).path("firstEvent").path("eventId").asString())
			.isEqualTo(eventId(FAR_FUTURE, 0));
		assertThat(sequence(parked, FAR_FUTURE).path("firstEvent").path("type").asString()).isEqualTo("ConsentGranted");
		assertThat(sequence(parked, FAR_FUTURE).path("cause").path("message").asString())
			.contains("provenance.occurredAt");
		assertThat(sequence(parked, NUL).path("cause").path("message").asString()).contains("policyVersion", "NUL");
		assertThat(sequence(parked, BLOCKED).path("cause").path("message").asString()).contains("parked_test_block");

		JsonNode story = ledger.get(subjectPath(ExampleStory.SUBJECT) + "/consents").body();
		assertThat(story.path("incomplete").asBoolean()).isFalse();
		RunningLedger.Response farFuture = ledger.get(subjectPath(FAR_FUTURE) + "/consents");
		assertThat(farFuture.status()).isEqualTo(200);
		assertThat(farFuture.body().path("incomplete").asBoolean()).isTrue();
		assertThat(farFuture.body().path("parkedEvents").asLong()).isEqualTo(2);
		assertThat(history(NUL).path("incomplete").asBoolean()).isTrue();
		assertThat(history(NUL).path("parkedEvents").asLong()).isEqualTo(1);
		assertThat(ledger.get("/actuator/metrics/ledger.projections.parked")
			.body()
			.path("measurements")
			.get(0)
			.path("value")
			.asDouble()).isEqualTo(4.0);
	}

	@Test
	@Order(2)
	void aRetryAppliesWhatNoLongerFailsAndKeepsWhatStillDoes() {
		RunningLedger.Response stillBlocked = ledger.postQuery(PARKED + "/retry?sequence=" + stream(BLOCKED));
		assertThat(stillBlocked.status()).as(stillBlocked.text()).isEqualTo(200);
		assertThat(stillBlocked.body().get(0).path("parkedAfter").asLong()).isEqualTo(1);

		ledger.jdbc().execute("ALTER TABLE query.history_entry DROP CONSTRAINT parked_test_block");
		RunningLedger.Response applied = ledger.postQuery(PARKED + "/retry?sequence=" + stream(BLOCKED));
		assertThat(applied.body().get(0).path("parkedAfter").asLong()).as(applied.text()).isZero();
		JsonNode consents = ledger.get(subjectPath(BLOCKED) + "/consents").body();
		assertThat(consents.path("incomplete").asBoolean()).isFalse();
		assertThat(consents.path("purposes").size()).isEqualTo(3);
		assertThat(history(BLOCKED).path("totalItems").asLong()).isEqualTo(1);

		// Retrying everything leaves the events that still cannot be stored parked.
		RunningLedger.Response all = ledger.postQuery(PARKED + "/retry");
		assertThat(all.body().valueStream().mapToLong((outcome) -> outcome.path("parkedAfter").asLong()).sum())
			.isEqualTo(3);
	}

	@Test
	@Order(3)
	void anEvictionNeedsAReasonAndDropsTheStreamsParkedEvents() {
		assertThat(ledger.postQuery(PARKED + "/evict?sequence=" + stream(FAR_FUTURE) + "&reason=").status())
			.isEqualTo(400);
		RunningLedger.Response evicted = ledger
			.postQuery(PARKED + "/evict?sequence=" + stream(FAR_FUTURE) + "&reason=ticket-4711");
		assertThat(evicted.body().path("evictedEvents").asLong()).as(evicted.text()).isEqualTo(2);
		JsonNode parked = ledger.get(PARKED).body();
		assertThat(parked.path("parkedEvents").asLong()).isEqualTo(1);
		assertThat(sequence(parked, FAR_FUTURE).isMissingNode()).isTrue();
		assertThat(ledger.get(subjectPath(FAR_FUTURE) + "/consents").status()).isEqualTo(404);
	}

	@Test
	@Order(4)
	void aProcessorThatDoesNotAdvanceWhileEventsWaitIsNotReady() throws Exception {
		assertThat(ledger.get("/actuator/health/readiness").status()).isEqualTo(200);
		try (Connection blocker = java.sql.DriverManager.getConnection(ledger.settings().get("spring.datasource.url"),
				ledger.settings().get("spring.datasource.username"),
				ledger.settings().get("spring.datasource.password"))) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.execute("LOCK TABLE query.history_entry IN EXCLUSIVE MODE");
			}
			post(ExampleStory.bytes("data-shared.json"));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				RunningLedger.Response health = ledger.get("/actuator/health/readiness");
				assertThat(health.status()).isEqualTo(503);
				JsonNode projections = health.body().path("components").path("projections");
				assertThat(projections.path("status").asString()).isEqualTo("DOWN");
				assertThat(projections.path("details").path("stalled").get(0).path("behind").asLong()).isPositive();
			});
			blocker.rollback();
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ledger.get("/actuator/health/readiness").status()).isEqualTo(200));
	}

	@Test
	@Order(5)
	void aRebuildParksWhatItCannotApplyAndFinishes() {
		RunningLedger.Response started = ledger.postQuery("/api/v1/admin/projections/consent-projections/rebuild");
		assertThat(started.status()).as(started.text()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			JsonNode status = ledger.get("/api/v1/admin/projections/consent-projections/rebuild").body();
			assertThat(status.path("state").asString()).isEqualTo("done");
			// The evicted stream is replayed too, and parked again.
			assertThat(status.path("parkedEvents").asLong()).isEqualTo(3);
		});
		assertThat(history(ExampleStory.SUBJECT).path("totalItems").asLong())
			.isEqualTo(subjectEvents(ExampleStory.SUBJECT));
		assertThat(ledger.get(subjectPath(BLOCKED) + "/consents").body().path("incomplete").asBoolean()).isFalse();
	}

	@Test
	@Order(6)
	void aSubjectPathOrParameterTheLedgerCannotTakeIsABadRequestNamingIt() {
		RunningLedger.Response longSubject = ledger.get(subjectPath("s".repeat(300)) + "/consents");
		assertThat(longSubject.status()).isEqualTo(400);
		assertThat(longSubject.body().path("parameter").asString()).isEqualTo("subject");
		for (String parameter : List.of("purpose", "recipient", "country")) {
			RunningLedger.Response response = ledger
				.get("/api/v1/operators/" + OPERATOR + "/dashboard/tables/sharing?" + parameter + "=a%00b");
			assertThat(response.status()).as(parameter).isEqualTo(400);
			assertThat(response.body().path("parameter").asString()).isEqualTo(parameter);
		}
		RunningLedger.Response prefix = ledger.get("/api/v1/operators/" + OPERATOR + "/subjects?prefix=user%00");
		assertThat(prefix.body().path("parameter").asString()).isEqualTo("prefix");
		RunningLedger.Response reason = ledger
			.get(subjectPath(ExampleStory.SUBJECT) + "/as-of?at=2026-11-05&reason=case%0d%0a42");
		assertThat(reason.status()).isEqualTo(400);
		assertThat(reason.body().path("parameter").asString()).isEqualTo("reason");
		// A long reason is recorded cut, with a marker.
		RunningLedger.Response longReason = ledger
			.get(subjectPath(ExampleStory.SUBJECT) + "/as-of?at=2026-11-05&reason=" + "r".repeat(5000));
		assertThat(longReason.status()).as(longReason.text()).isEqualTo(200);
		assertThat(ledger.jdbc()
			.queryForObject("SELECT reason FROM query.access_audit WHERE action = 'as-of' ORDER BY id DESC LIMIT 1",
					String.class))
			.hasSize(1024)
			.endsWith("[cut: 5000 characters]");
	}

	private static void post(byte[] event) {
		RunningLedger.Response response = ledger.post(STRUCTURED, Map.of(), event);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
	}

	/**
	 * A copy of the story's stored grant for {@code subject}, changed by {@code change},
	 * appended as the command side appends events.
	 */
	private static void insertGrant(String subject, int sequence, String eventId,
			java.util.function.Consumer<ObjectNode> change) {
		JdbcTemplate jdbc = ledger.jdbc();
		Map<String, Object> template = jdbc.queryForMap("SELECT * FROM ledger.domain_event_entry "
				+ "WHERE payload_type = 'kz.consentledger.events.ConsentGranted' ORDER BY global_index LIMIT 1");
		ObjectNode grant = (ObjectNode) ExampleStory.JSON.readTree((byte[]) template.get("payload"));
		grant.put("subject", subject);
		provenance(grant).put("eventId", eventId);
		change.accept(grant);
		jdbc.update(
				"INSERT INTO ledger.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
						+ "time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				eventId(subject, sequence), stream(subject), sequence, template.get("type"), template.get("time_stamp"),
				template.get("payload_type"), template.get("payload_revision"),
				ExampleStory.JSON.writeValueAsBytes(grant), template.get("meta_data"));
	}

	private static String eventId(String subject, int sequence) {
		return UUID.nameUUIDFromBytes((subject + "/" + sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString();
	}

	private static ObjectNode provenance(ObjectNode grant) {
		return (ObjectNode) grant.path("provenance");
	}

	private static String stream(String subject) {
		return OPERATOR + ":" + subject;
	}

	private static String subjectPath(String subject) {
		return "/api/v1/operators/" + OPERATOR + "/subjects/" + subject;
	}

	private static JsonNode history(String subject) {
		return ledger.get(subjectPath(subject) + "/history").body();
	}

	private static long subjectEvents(String subject) {
		return ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.domain_event_entry WHERE aggregate_identifier = ?", Long.class,
					stream(subject));
	}

	private static JsonNode sequence(JsonNode parked, String subject) {
		return parked.path("sequences")
			.valueStream()
			.filter((sequence) -> stream(subject).equals(sequence.path("sequence").asString()))
			.findFirst()
			.orElse(ExampleStory.JSON.missingNode());
	}

}
