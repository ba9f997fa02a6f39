package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what, through both services as deployed: every endpoint, for every role, on
 * the account's own operator and on another one, with tokens of a JWT identity provider
 * (and the local accounts of the run command); then the refusals of bad tokens, and
 * Kafka's operator-to-topic binding.
 */
class AccessControlEndToEndTest {

	static final String OWN = ExampleStory.OPERATOR;

	static final String FOREIGN = "190840027812";

	static final String SUBJECT = ExampleStory.SUBJECT;

	private static RunningLedger ledger;

	/** The accounts of the matrix, as JWTs of the test identity provider. */
	enum Account {

		ANONYMOUS(List.of(), List.of()), INGEST(List.of("ingest"), List.of(OWN)), DPO(List.of("dpo"), List.of(OWN)),
		REGULATOR(List.of("regulator"), List.of("*")), REGULATOR_OF_OWN(List.of("regulator"), List.of(OWN)),
		ADMIN(List.of("admin"), List.of());

		final List<String> roles;

		final List<String> operators;

		Account(List<String> roles, List<String> operators) {
			this.roles = roles;
			this.operators = operators;
		}

		Map<String, String> headers() {
			return (this == ANONYMOUS) ? Map.of() : Map.of("Authorization",
					TestIdentityProvider.get().bearer(name().toLowerCase(), this.roles, this.operators));
		}

	}

	/** What an endpoint answers an account: 200 (or the endpoint's success), 401, 403. */
	enum Expect {

		OK, UNAUTHENTICATED, FORBIDDEN

	}

	/**
	 * One endpoint: method, service, path ({@code {op}} is the operator tried), and who
	 * may call it, as a function of the account and whether the operator is its own.
	 */
	record Endpoint(String method, boolean command, String path,
			java.util.function.BiFunction<Account, Boolean, Boolean> allowed) {

		Expect expect(Account account, boolean own) {
			if (this.allowed.apply(account, own)) {
				return Expect.OK;
			}
			return (account == Account.ANONYMOUS) ? Expect.UNAUTHENTICATED : Expect.FORBIDDEN;
		}

	}

	static final String SUBJECT_PATH = "/api/v1/operators/{op}/subjects/" + SUBJECT;

	static boolean reader(Account account, boolean own) {
		return (account == Account.DPO && own) || account == Account.REGULATOR
				|| (account == Account.REGULATOR_OF_OWN && own);
	}

	static boolean regulator(Account account, boolean own) {
		return account == Account.REGULATOR || (account == Account.REGULATOR_OF_OWN && own);
	}

	private static final Set<String> TOP_LEVEL = Set.of("/api/v1/admin/checkpoints/top-level",
			"/api/v1/ledger/shards/checkpoint");

	static final List<Endpoint> ENDPOINTS = List.of(
			new Endpoint("GET", false, SUBJECT_PATH + "/consents", AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, SUBJECT_PATH + "/history", AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, SUBJECT_PATH + "/as-of?at=2026-11-05&reason=matrix",
					AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/operators/{op}/subjects?prefix=user",
					AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/operators/{op}/policies", AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/operators/{op}/dashboard", AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/operators/{op}/dashboard/tables/violations?format=csv",
					AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/operators/{op}/clocks?state=due", AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/operators/{op}/retention?format=csv",
					AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/clocks?operator={op}", AccessControlEndToEndTest::reader),
			new Endpoint("GET", false, "/api/v1/clocks",
					(account, own) -> account == Account.DPO || account == Account.REGULATOR
							|| account == Account.REGULATOR_OF_OWN),
			new Endpoint("GET", false, SUBJECT_PATH + "/export?reason=matrix", AccessControlEndToEndTest::regulator),
			new Endpoint("GET", false, SUBJECT_PATH + "/export.html?reason=matrix",
					AccessControlEndToEndTest::regulator),
			new Endpoint("GET", false, SUBJECT_PATH + "/access-answer?lang=ru", AccessControlEndToEndTest::reader),
			new Endpoint("GET", false,
					"/api/v1/operators/{op}/export?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&reason=matrix",
					AccessControlEndToEndTest::regulator),
			new Endpoint("GET", false, "/api/v1/audit/accesses?operator={op}&reason=matrix",
					AccessControlEndToEndTest::regulator),
			new Endpoint("GET", false, "/api/v1/audit/accesses?reason=matrix",
					(account, own) -> account == Account.REGULATOR),
			new Endpoint("GET", false, "/api/v1/me", (account, own) -> account != Account.ANONYMOUS),
			new Endpoint("GET", false, "/api/v1/operators", (account, own) -> account != Account.ANONYMOUS),
			new Endpoint("GET", false, "/api/v1/admin/projections/checksums",
					(account, own) -> account == Account.ADMIN),
			new Endpoint("GET", false, "/api/v1/admin/projections/consent-projections/rebuild",
					(account, own) -> account == Account.ADMIN),
			new Endpoint("GET", false, "/api/v1/admin/projections/consent-projections/parked",
					(account, own) -> account == Account.ADMIN),
			new Endpoint("DELETE", false, "/api/v1/admin/projections/consent-projections/rebuild",
					(account, own) -> account == Account.ADMIN),
			new Endpoint("GET", false, "/actuator/metrics", (account, own) -> account == Account.ADMIN),
			new Endpoint("GET", false, "/actuator/health", (account, own) -> true),
			new Endpoint("POST", true, "/api/v1/events", (account, own) -> account == Account.INGEST && own),
			new Endpoint("POST", true, SUBJECT_PATH + "/erasure",
					(account, own) -> (account == Account.DPO && own) || account == Account.ADMIN),
			new Endpoint("POST", true, SUBJECT_PATH + "/requests/DSR-1/answer",
					(account, own) -> (account == Account.DPO && own) || account == Account.ADMIN),
			new Endpoint("POST", true, SUBJECT_PATH + "/destructions",
					(account, own) -> (account == Account.DPO && own) || account == Account.ADMIN),
			new Endpoint("POST", true, "/api/v1/admin/checkpoints", (account, own) -> account == Account.ADMIN),
			new Endpoint("POST", true, "/api/v1/admin/verification", (account, own) -> account == Account.ADMIN),
			new Endpoint("POST", true, "/api/v1/admin/checkpoints/top-level",
					(account, own) -> account == Account.ADMIN),
			new Endpoint("GET", true, "/api/v1/ledger/shards/checkpoint", (account, own) -> true),
			new Endpoint("GET", true, "/api/v1/ledger/shards/map", (account, own) -> true),
			new Endpoint("GET", true, "/actuator/metrics", (account, own) -> account == Account.ADMIN),
			new Endpoint("GET", true, "/api/v1/ledger/public-key", (account, own) -> true),
			new Endpoint("GET", true, "/api/v1/ledger/vkey", (account, own) -> true),
			new Endpoint("GET", true, "/api/v1/ledger/checkpoints", (account, own) -> true));

	@BeforeAll
	static void start() {
		// The shared topic takes the own operator's events only; the other operator has a
		// topic of its own.
		ledger = RunningLedger.start("access", Map.of("ledger.kafka.shared-topic-operators", OWN));
		ExampleStory.firstEight()
			.forEach((file) -> assertThat(
					ledger.post("application/cloudevents+json", Map.of(), ExampleStory.compact(file)).status())
				.as(file)
				.isEqualTo(200));
		// The same subject at the other operator, so that both sides of the matrix have
		// data.
		for (String file : List.of("policy-published.json", "granted.json")) {
			assertThat(ledger.post("application/cloudevents+json", Map.of(), event(file, FOREIGN)).status())
				.isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			ExampleStory.assertStateAfterEight(ledger);
			assertThat(ledger.get("/api/v1/operators/" + FOREIGN + "/subjects/" + SUBJECT + "/consents").status())
				.isEqualTo(200);
		});
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@TestFactory
	Stream<DynamicTest> everyEndpointForEveryRoleOnOwnAndForeignOperator() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Endpoint endpoint : ENDPOINTS) {
			for (Account account : Account.values()) {
				for (boolean own : new boolean[] { true, false }) {
					if (!endpoint.path().contains("{op}") && !endpoint.method().equals("POST") && !own) {
						continue;
					}
					Expect expected = endpoint.expect(account, own);
					tests.add(DynamicTest.dynamicTest(
							endpoint.method() + " " + endpoint.path() + " as " + account
									+ (own ? " (own operator)" : " (other operator)") + " -> " + expected,
							() -> assertAnswer(endpoint, account, own, expected)));
				}
			}
		}
		return tests.stream();
	}

	static void assertAnswer(Endpoint endpoint, Account account, boolean own, Expect expected) {
		String operator = own ? OWN : FOREIGN;
		String url = (endpoint.command() ? ledger.commandUrl() : ledger.queryUrl())
				+ endpoint.path().replace("{op}", operator);
		RunningLedger.Response response;
		if (endpoint.path().equals("/api/v1/events")) {
			Map<String, String> headers = new LinkedHashMap<>(account.headers());
			headers.put("Content-Type", "application/cloudevents+json");
			response = ledger.send("POST", url, headers, event("granted.json", operator));
		}
		else if (endpoint.path().endsWith("/erasure")) {
			Map<String, String> headers = new LinkedHashMap<>(account.headers());
			headers.put("Content-Type", "application/json");
			response = ledger.send("POST", url, headers,
					"{\"reason\":\"matrix\",\"requestedBy\":\"operator\"}".getBytes(StandardCharsets.UTF_8));
		}
		else if (endpoint.path().endsWith("/answer") || endpoint.path().endsWith("/destructions")) {
			Map<String, String> headers = new LinkedHashMap<>(account.headers());
			headers.put("Content-Type", "application/json");
			String body = endpoint.path().endsWith("/answer") ? "{\"outcome\":\"answered\"}"
					: "{\"trigger\":\"subject-request\",\"outcome\":\"destroyed\",\"systems\":[\"crm\"],"
							+ "\"method\":\"deletion\"}";
			response = ledger.send("POST", url, headers, body.getBytes(StandardCharsets.UTF_8));
		}
		else {
			response = ledger.send(endpoint.method(), url, account.headers());
		}
		switch (expected) {
			// Cancelling a rebuild when none runs is a conflict, not a refusal; an
			// unsharded
			// ledger has no top-level checkpoint (404).
			case OK -> assertThat(response.status()).as(response.text())
				.satisfiesAnyOf((status) -> assertThat(status).isBetween(200, 202),
						(status) -> assertThat(endpoint.method().equals("DELETE")
								&& endpoint.path().endsWith("/rebuild") && status == 409)
							.isTrue(),
						(status) -> assertThat(TOP_LEVEL.contains(endpoint.path()) && status == 404).isTrue());
			// The query service keeps browser sessions: an unsafe request that carries no
			// credentials is refused by its CSRF protection before it is authenticated.
			case UNAUTHENTICATED -> {
				boolean csrf = !endpoint.command() && !endpoint.method().equals("GET");
				assertThat(response.status()).isEqualTo(csrf ? 403 : 401);
				assertThat(response.contentType()).startsWith("application/problem+json");
			}
			case FORBIDDEN -> {
				assertThat(response.status()).as(response.text()).isEqualTo(403);
				assertThat(response.body().path("detail").asString()).isNotBlank();
			}
		}
	}

	@Test
	void aForeignEventInAnIngestBatchRefusesTheWholeBatch() {
		long before = ledger.storedEvents();
		String batch = "[" + new String(event("granted.json", OWN), StandardCharsets.UTF_8) + ","
				+ new String(event("granted.json", FOREIGN), StandardCharsets.UTF_8) + "]";
		RunningLedger.Response response = ledger.send("POST", ledger.commandUrl() + "/api/v1/events",
				Map.of("Content-Type", "application/cloudevents-batch+json", "Authorization",
						TestIdentityProvider.get().bearer("ingest-own", List.of("ingest"), List.of(OWN))),
				batch.getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body().path("detail").asString()).contains(FOREIGN).contains("nothing was appended");
		assertThat(ledger.storedEvents()).isEqualTo(before);
	}

	@Test
	void tokensThatAreExpiredForeignOrForgedAreRefusedWith401() throws Exception {
		TestIdentityProvider identity = TestIdentityProvider.get();
		String path = ledger.queryUrl() + "/api/v1/operators/" + OWN + "/dashboard";
		List<String> dpo = List.of("dpo");
		List<String> own = List.of(OWN);
		String expired = identity.token(identity.issuer(), "late", dpo, own, Instant.now().minusSeconds(120));
		String otherIssuer = identity.token("http://elsewhere.example/realm", "stranger", dpo, own,
				Instant.now().plusSeconds(600));
		var forgedKey = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("forged").generate();
		var forged = new com.nimbusds.jwt.SignedJWT(
				new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("forged").build(),
				com.nimbusds.jwt.JWTClaimsSet.parse(Map.of("iss", identity.issuer(), "sub", "forger", "roles", dpo,
						"operators", own, "exp", Instant.now().plusSeconds(600).getEpochSecond())));
		forged.sign(new com.nimbusds.jose.crypto.RSASSASigner(forgedKey));
		for (String token : List.of(expired, otherIssuer, forged.serialize(), "not-a-jwt")) {
			RunningLedger.Response response = ledger.send("GET", path, Map.of("Authorization", "Bearer " + token));
			assertThat(response.status()).as(token).isEqualTo(401);
			assertThat(response.text()).contains("credentials were not accepted");
		}
		assertThat(ledger.send("GET", path, Map.of("Authorization", RunningLedger.basic("dpo-kinoqazaqsha", "wrong")))
			.status()).isEqualTo(401);
		// The run command's local account reads its operator and nothing else.
		String local = RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo");
		assertThat(ledger.send("GET", path, Map.of("Authorization", local)).status()).isEqualTo(200);
		assertThat(ledger.send("GET", path.replace(OWN, FOREIGN), Map.of("Authorization", local)).status())
			.isEqualTo(403);
		// A token of the provider with none of the ledger's roles reads nothing.
		String noRole = identity.bearer("viewer", List.of("offline_access"), List.of("*"));
		assertThat(ledger.send("GET", path, Map.of("Authorization", noRole)).status()).isEqualTo(403);
	}

	@Test
	void kafkaEventsMustComeThroughTheTopicOfTheirOperator() throws Exception {
		String prefix = ledger.settings().get("ledger.kafka.operator-topic-prefix");
		String onForeignTopic = "kafka-own-on-foreign-" + UUID.randomUUID();
		String onSharedTopic = "kafka-foreign-on-shared-" + UUID.randomUUID();
		String onOwnTopic = "kafka-foreign-on-own-" + UUID.randomUUID();
		try (KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get().producer(Map.of())) {
			send(producer, prefix + FOREIGN, event("granted.json", OWN, onForeignTopic));
			send(producer, ledger.topic(), event("granted.json", FOREIGN, onSharedTopic));
			send(producer, prefix + FOREIGN, event("granted.json", FOREIGN, onOwnTopic));
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ledger.jdbc()
				.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id = ?", Long.class,
						onOwnTopic) == 1);
		List<ConsumerRecord<byte[], byte[]>> dead = ledger.deadLetters(2);
		assertThat(dead).extracting((record) -> RunningLedger.header(record, "ledger-error-kind"))
			.containsOnly("forbidden");
		assertThat(dead).extracting((record) -> RunningLedger.header(record, "ledger-error-reason"))
			.anySatisfy((reason) -> assertThat(reason).contains("carries events of operator " + FOREIGN + " only"))
			.anySatisfy((reason) -> assertThat(reason).contains("does not accept events of operator " + FOREIGN));
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id IN (?, ?)", Long.class,
					onForeignTopic, onSharedTopic))
			.isZero();
	}

	private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value)
			throws InterruptedException, ExecutionException {
		producer.send(new ProducerRecord<>(topic, value)).get();
	}

	/** An example event for another operator, as a new event. */
	static byte[] event(String file, String operator) {
		return event(file, operator, UUID.randomUUID().toString());
	}

	static byte[] event(String file, String operator, String id) {
		ObjectNode event = ExampleStory.json(file);
		event.put("id", id);
		((ObjectNode) event.path("data")).put("operator", operator);
		return ExampleStory.JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
	}

}
