package kz.consentledger.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import kz.consentledger.command.CommandApplication;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.TopLevelCheckpoint;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;
import kz.consentledger.query.QueryApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Sharding by operator (issue 29, item 3; ADR 0029), shown with two shards on one broker,
 * each with its own database: shard kz-a keeps one operator, kz-b every other. Each
 * operator's events land in its shard only, whichever channel brings them; a misdirected
 * one is refused naming the right shard; reads about an operator are sent to its shard;
 * the top-level checkpoint signs both shards' heads at once and refuses a shard whose
 * history was cut.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardedLedgerEndToEndTest {

	private static final String KINO = ExampleStory.OPERATOR;

	private static final String BANK = "990340005977";

	private static final String BASE = TestWitnesses.ORIGIN;

	private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private static final String AUTH = RunningLedger.superuser();

	private static final List<ConfigurableApplicationContext> running = new ArrayList<>();

	private static Map<String, String> shardA;

	private static Map<String, String> shardB;

	private static ConfigurableApplicationContext commandB;

	private static ConfigurableApplicationContext queryB;

	private static String commandUrlA;

	private static String queryUrlA;

	private static String commandUrlB;

	private static String queryUrlB;

	@BeforeAll
	static void startTwoShards() throws Exception {
		shardA = RunningLedger.settings("shard-a");
		shardB = RunningLedger.settings("shard-b");
		// One broker's topics and one signing key; two databases, two consumer groups,
		// two logs.
		for (String shared : List.of("ledger.kafka.topic", "ledger.kafka.dead-letter-topic",
				"ledger.kafka.operator-topic-prefix", "ledger.proof.signing-key-file")) {
			shardB.put(shared, shardA.get(shared));
		}
		Path key = Path.of(shardA.get("ledger.proof.signing-key-file"));
		int[] ports = { KafkaBrokerProcess.freePort(), KafkaBrokerProcess.freePort(), KafkaBrokerProcess.freePort(),
				KafkaBrokerProcess.freePort() };
		commandUrlA = "http://localhost:" + ports[0];
		queryUrlA = "http://localhost:" + ports[1];
		commandUrlB = "http://localhost:" + ports[2];
		queryUrlB = "http://localhost:" + ports[3];
		Map<String, String> map = new LinkedHashMap<>();
		map.put("ledger.sharding.shards[0].name", "kz-a");
		map.put("ledger.sharding.shards[0].operators[0]", KINO);
		map.put("ledger.sharding.shards[0].command-url", commandUrlA);
		map.put("ledger.sharding.shards[0].query-url", queryUrlA);
		map.put("ledger.sharding.shards[1].name", "kz-b");
		map.put("ledger.sharding.shards[1].operators[0]", "*");
		map.put("ledger.sharding.shards[1].command-url", commandUrlB);
		map.put("ledger.sharding.shards[1].query-url", queryUrlB);
		// One witness cosigns both logs: the sealer takes a shard's head only once
		// its own witnesses cosigned it.
		TestWitnesses.attach(shardA, key, "sharded", BASE + "/kz-a", BASE + "/kz-b");
		for (String witness : List.of("ledger.proof.witnesses[0].url", "ledger.proof.witnesses[0].vkey")) {
			shardB.put(witness, shardA.get(witness));
		}
		shardB.put("ledger.proof.trusted-keys[0]",
				NoteVerifier.ed25519(BASE + "/kz-b", LedgerKeys.load(key).getPublic()).vkey());
		for (Map.Entry<String, Map<String, String>> shard : Map.of("kz-a", shardA, "kz-b", shardB).entrySet()) {
			shard.getValue().putAll(map);
			shard.getValue().put("ledger.sharding.shard", shard.getKey());
			shard.getValue().put("ledger.proof.origin", BASE + "/" + shard.getKey());
		}
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LedgerInfrastructure.get().bootstrapServers()))) {
			String prefix = shardA.get("ledger.kafka.operator-topic-prefix");
			admin
				.createTopics(List.of(new NewTopic(shardA.get("ledger.kafka.topic"), 2, (short) 1),
						new NewTopic(prefix + KINO, 2, (short) 1), new NewTopic(prefix + BANK, 2, (short) 1)))
				.all()
				.get();
		}
		running.add(RunningLedger.run(CommandApplication.application(), on(shardA, ports[0])));
		running.add(RunningLedger.run(QueryApplication.application(), on(shardA, ports[1])));
		commandB = RunningLedger.run(CommandApplication.application(), on(shardB, ports[2]));
		queryB = RunningLedger.run(QueryApplication.application(), on(shardB, ports[3]));
		running.add(commandB);
		running.add(queryB);
	}

	private static Map<String, String> on(Map<String, String> settings, int port) {
		Map<String, String> own = new LinkedHashMap<>(settings);
		own.put("server.port", Integer.toString(port));
		return own;
	}

	@AfterAll
	static void stop() {
		running.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	@Order(1)
	void eachOperatorsEventsLandInItsShardOnlyWhicheverChannelBringsThem() throws Exception {
		String prefix = shardA.get("ledger.kafka.operator-topic-prefix");
		String shared = shardA.get("ledger.kafka.topic");
		try (KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get().producer(Map.of())) {
			send(producer, prefix + KINO, event("policy-published.json", KINO, "pol-kino", null));
			send(producer, prefix + KINO, event("granted.json", KINO, "grant-kino", "shard-s1"));
			send(producer, prefix + BANK, event("policy-published.json", BANK, "pol-bank", null));
			send(producer, prefix + BANK, event("granted.json", BANK, "grant-bank", "shard-s2"));
			// The shared topic is kz-b's (it takes the unlisted operators): kino's event
			// there is refused, naming kz-a; the bank's is kept.
			send(producer, shared, event("granted.json", KINO, "shared-kino", "shard-s3"));
			send(producer, shared, event("granted.json", BANK, "shared-bank", "shard-s4"));
			producer.flush();
		}
		byte[] misdirected = ExampleStory.JSON.writeValueAsBytes(event("granted.json", KINO, "http-kino", "shard-s5"));
		HttpResponse<String> refused = send("POST", commandUrlB + "/api/v1/events", misdirected,
				"application/cloudevents+json");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(421);
		JsonNode problem = ExampleStory.JSON.readTree(refused.body());
		assertThat(problem.get("shard").asString()).isEqualTo("kz-a");
		assertThat(problem.get("ingestion").asString()).isEqualTo(commandUrlA + "/api/v1/events");
		assertThat(problem.get("detail").asString()).contains("kept by shard kz-a").contains("nothing was appended");
		HttpResponse<String> kept = send("POST", commandUrlA + "/api/v1/events", misdirected,
				"application/cloudevents+json");
		assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);

		JdbcTemplate storeA = RunningLedger.ownerJdbc(shardA);
		JdbcTemplate storeB = RunningLedger.ownerJdbc(shardB);
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(
					() -> assertThat(streams(storeA)).containsExactly(KINO, KINO + ":shard-s1", KINO + ":shard-s5"));
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(
					() -> assertThat(streams(storeB)).containsExactly(BANK, BANK + ":shard-s2", BANK + ":shard-s4"));
		ConsumerRecord<byte[], byte[]> deadLetter = deadLetters().stream()
			.filter((record) -> new String(record.value(), StandardCharsets.UTF_8).contains("shared-kino"))
			.findFirst()
			.orElseThrow();
		assertThat(RunningLedger.header(deadLetter, "ledger-error-kind")).isEqualTo("forbidden");
		assertThat(RunningLedger.header(deadLetter, "ledger-error-reason")).contains("kept by shard kz-a")
			.contains(prefix + KINO);
		// Nothing of either operator in the other shard, the refused one included.
		assertThat(streams(storeA)).noneMatch((stream) -> stream.startsWith(BANK));
		assertThat(streams(storeB)).noneMatch((stream) -> stream.startsWith(KINO));
	}

	@Test
	@Order(2)
	void aReadAboutAnOperatorIsSentToItsShardAndAnsweredThere() throws Exception {
		String path = "/api/v1/operators/" + BANK + "/subjects/shard-s2/consents";
		HttpResponse<String> redirect = send("GET", queryUrlA + path + "?purpose=x", null, null);
		assertThat(redirect.statusCode()).isEqualTo(307);
		assertThat(redirect.headers().firstValue("Location")).contains(queryUrlB + path + "?purpose=x");
		assertThat(ExampleStory.JSON.readTree(redirect.body()).get("shard").asString()).isEqualTo("kz-b");
		// Routed as the controllers read the path: a percent-encoded digit does not slip
		// past.
		String encoded = "/api/v1/operators/" + BANK.substring(0, 11) + "%" + Integer.toHexString(BANK.charAt(11))
				+ "/subjects/shard-s2/consents";
		assertThat(send("GET", queryUrlA + encoded, null, null).statusCode()).isEqualTo(307);
		// A read that names its operator in a parameter goes there too.
		HttpResponse<String> clocks = send("GET", queryUrlA + "/api/v1/clocks?operator=" + BANK, null, null);
		assertThat(clocks.statusCode()).isEqualTo(307);
		assertThat(clocks.headers().firstValue("Location")).contains(queryUrlB + "/api/v1/clocks?operator=" + BANK);
		assertThat(send("GET", queryUrlA + "/api/v1/clocks?operator=" + KINO, null, null).statusCode()).isEqualTo(200);
		HttpResponse<String> everyClock = send("GET", queryUrlA + "/api/v1/clocks", null, null);
		assertThat(everyClock.statusCode()).isEqualTo(200);
		assertThat(everyClock.headers().firstValue("Ledger-Shards")).as("not merged: this shard's clocks only")
			.contains("kz-a");
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			HttpResponse<String> answer = send("GET", queryUrlB + path, null, null);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			assertThat(answer.body()).contains("granted");
		});
		HttpResponse<String> back = send("GET", queryUrlB + "/api/v1/operators/" + KINO + "/subjects/shard-s1/history",
				null, null);
		assertThat(back.statusCode()).isEqualTo(307);
		assertThat(back.headers().firstValue("Location"))
			.contains(queryUrlA + "/api/v1/operators/" + KINO + "/subjects/shard-s1/history");
		// A DPO's record goes to the command service of the operator's shard.
		HttpResponse<String> erasure = send("POST",
				commandUrlA + "/api/v1/operators/" + BANK + "/subjects/shard-s2/erasure", new byte[0],
				"application/json");
		assertThat(erasure.statusCode()).isEqualTo(307);
		assertThat(erasure.headers().firstValue("Location"))
			.contains(commandUrlB + "/api/v1/operators/" + BANK + "/subjects/shard-s2/erasure");
		assertThat(send("GET", queryUrlA + "/api/v1/operators/" + KINO + "/subjects/shard-s1/history", null, null)
			.statusCode()).isEqualTo(200);

		// The views across operators gather every shard's part, with the caller's own
		// credentials; each record of the access audit names the shard whose chain holds
		// it.
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			JsonNode operators = ExampleStory.JSON
				.readTree(send("GET", queryUrlB + "/api/v1/operators", null, null).body());
			assertThat(operators.findValuesAsString("operator")).contains(KINO, BANK);
		});
		HttpResponse<String> audit = send("GET", queryUrlA + "/api/v1/audit/accesses?reason=shards", null, null);
		assertThat(audit.statusCode()).isEqualTo(200);
		assertThat(audit.headers().firstValue("Ledger-Shards")).contains("kz-a, kz-b");
		JsonNode accesses = ExampleStory.JSON.readTree(audit.body());
		assertThat(accesses.findValuesAsString("shard")).contains("kz-a", "kz-b");
		assertThat(accesses.valueStream()
			.filter((record) -> record.path("shard").asString().equals("kz-b"))
			.map((record) -> record.path("operator").asString(""))).contains(BANK).doesNotContain(KINO);
		String csv = send("GET", queryUrlA + "/api/v1/audit/accesses?reason=shards&format=csv", null, null).body();
		assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",shard");
		assertThat(csv).contains(",\"kz-b\"");
		HttpResponse<String> ownPart = HTTP
			.send(HttpRequest.newBuilder(URI.create(queryUrlA + "/api/v1/audit/accesses?reason=shards"))
				.header("Authorization", AUTH)
				.header("Ledger-Fan-Out", "kz-b")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(ExampleStory.JSON.readTree(ownPart.body()).findValuesAsString("shard")).containsOnly("kz-a");
		assertThat(ownPart.headers().firstValue("Ledger-Shards")).contains("kz-a");
	}

	@Test
	@Order(3)
	void theTopLevelCheckpointSignsEveryShardsHeadAndRefusesAShardWhoseHistoryWasCut() throws Exception {
		for (String command : List.of(commandUrlA, commandUrlB)) {
			assertThat(send("POST", command + "/api/v1/admin/checkpoints", new byte[0], null).statusCode())
				.isEqualTo(200);
		}
		HttpResponse<String> sealed = send("POST", commandUrlA + "/api/v1/admin/checkpoints/top-level", new byte[0],
				null);
		assertThat(sealed.statusCode()).as(sealed.body()).isEqualTo(200);
		SignedNote note = SignedNote.parse(sealed.body());
		NoteVerifier ledgerKey = NoteVerifier.ed25519(BASE + "/shards",
				LedgerKeys.load(Path.of(shardA.get("ledger.proof.signing-key-file"))).getPublic());
		assertThat(note.verifiedBy(ledgerKey)).hasSize(1);
		TopLevelCheckpoint topLevel = TopLevelCheckpoint.parse(note.body());
		assertThat(topLevel.shardHeads()).hasSize(2);
		for (Map.Entry<String, String> shard : Map.of("kz-a", commandUrlA, "kz-b", commandUrlB).entrySet()) {
			TreeHead newest = TreeHead
				.parse(SignedNote.parse(send("GET", shard.getValue() + "/api/v1/ledger/checkpoint", null, null).body())
					.body());
			assertThat(newest.size()).isPositive();
			assertThat(topLevel.headOf(BASE + "/" + shard.getKey())).hasValueSatisfying((head) -> {
				assertThat(head.size()).isEqualTo(newest.size());
				assertThat(head.root()).isEqualTo(newest.root());
			});
		}
		HttpResponse<String> published = HTTP.send(
				HttpRequest.newBuilder(URI.create(commandUrlA + "/api/v1/ledger/shards/checkpoint")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(published.statusCode()).isEqualTo(200);
		assertThat(published.body()).isEqualTo(sealed.body());
		assertThat(send("POST", commandUrlB + "/api/v1/admin/checkpoints/top-level", new byte[0], null).statusCode())
			.isEqualTo(404);

		// Whoever owns kz-b's host replaces its database by an empty one: its log starts
		// again from nothing, which the top-level checkpoint does not sign.
		queryB.close();
		commandB.close();
		running.removeAll(List.of(queryB, commandB));
		Map<String, String> emptied = new HashMap<>(shardB);
		emptied.put("spring.datasource.url", LedgerInfrastructure.get().freshDatabase("shard-b-cut"));
		ConfigurableApplicationContext emptiedB = RunningLedger.run(CommandApplication.application(),
				on(emptied, URI.create(commandUrlB).getPort()));
		running.add(emptiedB);
		HttpResponse<String> refused = send("POST", commandUrlA + "/api/v1/admin/checkpoints/top-level", new byte[0],
				null);
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).contains("shard kz-b").contains("cut or rewritten");
		assertThat(send("GET", commandUrlA + "/api/v1/ledger/shards/checkpoint", null, null).body())
			.isEqualTo(sealed.body());
		HttpResponse<String> health = send("GET", commandUrlA + "/actuator/health/checkpoints", null, null);
		assertThat(health.body()).contains("DOWN").contains("cut or rewritten");

		// Regrown past its old size on the emptied database, kz-b's new history is not
		// cosigned (the witness holds the old one), so the top-level does not take it.
		for (int i = 0; i < 8; i++) {
			ObjectNode event = (i == 0) ? event("policy-published.json", BANK, "regrown-policy", null)
					: event("granted.json", BANK, "regrown-" + i, "regrown-" + i);
			assertThat(send("POST", commandUrlB + "/api/v1/events", ExampleStory.JSON.writeValueAsBytes(event),
					"application/cloudevents+json")
				.statusCode()).isEqualTo(200);
		}
		send("POST", commandUrlB + "/api/v1/admin/checkpoints", new byte[0], null);
		TreeHead regrown = TreeHead
			.parse(SignedNote.parse(send("GET", commandUrlB + "/api/v1/ledger/checkpoint", null, null).body()).body());
		assertThat(regrown.size()).isGreaterThan(topLevel.headOf(BASE + "/kz-b").orElseThrow().size());
		HttpResponse<String> notWitnessed = send("POST", commandUrlA + "/api/v1/admin/checkpoints/top-level",
				new byte[0], null);
		assertThat(notWitnessed.statusCode()).isEqualTo(409);
		assertThat(notWitnessed.body()).contains("shard kz-b").contains("cosigned by 1 of this ledger's witnesses");

		// A shard started with another map (here, another address for kz-a's queries)
		// would route operators differently: the top-level sealing names it.
		emptiedB.close();
		running.remove(emptiedB);
		emptied.put("ledger.sharding.shards[0].query-url", queryUrlA + "/elsewhere");
		running
			.add(RunningLedger.run(CommandApplication.application(), on(emptied, URI.create(commandUrlB).getPort())));
		HttpResponse<String> otherMap = send("POST", commandUrlA + "/api/v1/admin/checkpoints/top-level", new byte[0],
				null);
		assertThat(otherMap.statusCode()).isEqualTo(409);
		assertThat(otherMap.body()).contains("shard kz-b").contains("another shard map");
	}

	@Test
	@Order(4)
	void aShardWhoseStoreHoldsAnOperatorTheMapMovedElsewhereRefusesToStart() throws Exception {
		assertThat(RunningLedger.ownerJdbc(shardB)
			.queryForObject("SELECT count(*) FROM ledger.domain_event_entry WHERE aggregate_identifier LIKE ?",
					Long.class, BANK + "%"))
			.isPositive();
		// The same map starts on the same store.
		RunningLedger.run(CommandApplication.application(), on(shardB, KafkaBrokerProcess.freePort())).close();
		Map<String, String> moved = on(shardB, KafkaBrokerProcess.freePort());
		moved.put("ledger.sharding.shards[0].operators[1]", BANK);
		assertThatThrownBy(() -> RunningLedger.run(CommandApplication.application(), moved).close())
			.hasStackTraceContaining(
					"holds events of 1 operator(s) the map gives to other shards: " + BANK + " (to kz-a)");
	}

	private static ObjectNode event(String file, String operator, String id, String subject) {
		ObjectNode event = (ObjectNode) ExampleStory.JSON
			.readTree(new String(ExampleStory.bytes(file), StandardCharsets.UTF_8).replace(KINO, operator));
		event.put("id", id);
		if (subject != null) {
			event.put("subject", subject);
		}
		return event;
	}

	private static void send(KafkaProducer<byte[], byte[]> producer, String topic, ObjectNode event) throws Exception {
		String operator = event.get("data").get("operator").asString();
		String key = operator + (event.has("subject") ? ":" + event.get("subject").asString() : "");
		producer
			.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
					ExampleStory.JSON.writeValueAsBytes(event)))
			.get();
	}

	private static Set<String> streams(JdbcTemplate store) {
		return new TreeSet<>(store.queryForList(
				"SELECT DISTINCT aggregate_identifier FROM ledger.domain_event_entry WHERE payload_type NOT LIKE "
						+ "'%JudgmentRevised'",
				String.class));
	}

	private static List<ConsumerRecord<byte[], byte[]>> deadLetters() {
		Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				LedgerInfrastructure.get().bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"dlt-reader-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(shardA.get("ledger.kafka.dead-letter-topic")));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
				return records.stream()
					.anyMatch((record) -> new String(record.value(), StandardCharsets.UTF_8).contains("shared-kino"));
			});
		}
		return records;
	}

	private static HttpResponse<String> send(String method, String url, byte[] body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", AUTH)
			.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
