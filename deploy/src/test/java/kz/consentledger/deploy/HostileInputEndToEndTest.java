package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import io.cloudevents.kafka.KafkaMessageFactory;
import kz.consentledger.deploy.HostileInputs.Hostility;
import kz.consentledger.deploy.HostileInputs.Payload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 25's proof that nothing a producer sends can stop the ledger: 11,000 malformed
 * and hostile Kafka records of every kind ({@link Hostility}; null keys, values near the
 * broker's limit, a foreign operator's topic, conflicting reuse) and 1,000 over HTTP,
 * interleaved with about 2,700 valid events of every type for 600 subjects. Each bad
 * record must reach the dead-letter topic exactly once with a one-line reason, each bad
 * request a 4xx naming what is wrong, nothing a 5xx; every valid event is stored once and
 * visible through the query API, the consumer group commits the end of its topics, the
 * projections reach the head, and the command service's heap stays bounded. Generated
 * from {@link #SEED}: a failure reproduces.
 */
class HostileInputEndToEndTest {

	static final long SEED = 20_261_207L;

	private static final int BAD_KAFKA_RECORDS = 11_000;

	private static final int BAD_HTTP_REQUESTS = 1_000;

	/** Close to the broker's default limit of a record (message.max.bytes 1 MiB). */
	private static final int HUGE_VALUE_BYTES = 1_000_000;

	private static final String FOREIGN_OPERATOR = "990340005977";

	private static final String HOSTILE_ID = "hostile-id";

	private static RunningLedger ledger;

	private static String foreignTopic;

	/** Bad Kafka records by hostile id: the dead-letter kind expected and the case. */
	private static final Map<String, Expected> badRecords = new LinkedHashMap<>();

	/** Valid events by subject: how many history entries each must show. */
	private static final Map<String, Integer> validPerSubject = new TreeMap<>();

	private static final List<String> validKafkaIds = new ArrayList<>();

	private static final List<Answer> answers = new ArrayList<>();

	private static int validEvents;

	@BeforeAll
	static void sendEverything() throws Exception {
		ledger = RunningLedger.start("hostile");
		foreignTopic = ledger.settings().get("ledger.kafka.operator-topic-prefix") + FOREIGN_OPERATOR;
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(foreignTopic, 1, (short) 1))).all().get();
		}
		HostileInputs inputs = new HostileInputs(SEED);
		sendOverKafka(inputs);
		postOverHttp(inputs);
		await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> lag() == 0);
	}

	@AfterAll
	static void stop() {
		if (ledger != null) {
			ledger.close();
		}
	}

	@Test
	void everyBadRecordIsDeadLetteredExactlyOnceWithAOneLineReason() {
		Map<String, List<ConsumerRecord<byte[], byte[]>>> dead = new HashMap<>();
		List<String> unmarked = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : wholeDeadLetterTopic()) {
			String id = RunningLedger.header(record, HOSTILE_ID);
			if (id == null) {
				unmarked.add(RunningLedger.header(record, "ledger-error-reason"));
			}
			else {
				dead.computeIfAbsent(id, (key) -> new ArrayList<>()).add(record);
			}
		}
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(unmarked).as("dead letters that were never sent as bad records").isEmpty();
		softly.assertThat(validKafkaIds.stream().filter(dead::containsKey).toList())
			.as("valid events dead-lettered")
			.isEmpty();
		Map<String, Integer> missingByCase = new TreeMap<>();
		Map<String, Integer> duplicatedByCase = new TreeMap<>();
		badRecords.forEach((id, expected) -> {
			List<ConsumerRecord<byte[], byte[]>> copies = dead.getOrDefault(id, List.of());
			if (copies.isEmpty()) {
				missingByCase.merge(expected.hostileCase(), 1, Integer::sum);
				return;
			}
			if (copies.size() > 1) {
				duplicatedByCase.merge(expected.hostileCase(), 1, Integer::sum);
			}
			ConsumerRecord<byte[], byte[]> copy = copies.get(0);
			softly.assertThat(RunningLedger.header(copy, "ledger-error-kind"))
				.as("kind of %s (%s)", id, expected.hostileCase())
				.isEqualTo(expected.kind());
			String reason = RunningLedger.header(copy, "ledger-error-reason");
			softly.assertThat(reason).as("reason of %s (%s)", id, expected.hostileCase()).isNotBlank();
			softly.assertThat(reason).as("reason of %s (%s)", id, expected.hostileCase()).doesNotContain("\n", "\r");
		});
		softly.assertThat(missingByCase).as("bad records never dead-lettered, by case").isEmpty();
		softly.assertThat(duplicatedByCase).as("bad records dead-lettered more than once, by case").isEmpty();
		softly.assertAll();
	}

	@Test
	void everyBadRequestIsAnswered4xxWithItsReasonAndNothing5xx() {
		SoftAssertions softly = new SoftAssertions();
		for (Answer answer : answers) {
			RunningLedger.Response response = answer.response();
			String what = answer.hostileCase() + " answered " + response.status() + ": "
					+ response.text().substring(0, Math.min(300, response.text().length()));
			softly.assertThat(response.status()).as(what).isLessThan(500);
			if (answer.expectedStatus() == 200) {
				softly.assertThat(response.status()).as(what).isEqualTo(200);
				continue;
			}
			softly.assertThat(response.status()).as(what).isEqualTo(answer.expectedStatus());
			softly.assertThat(response.contentType()).as(what).contains("problem+json");
			softly.assertThat(response.body().path("detail").asString("")).as(what).isNotBlank();
			if (response.status() == 400) {
				JsonNode violations = response.body().path("violations");
				softly.assertThat(violations.size()).as(what).isBetween(1, 100);
				softly.assertThat(response.body().path("violationCount").asInt())
					.as(what)
					.isGreaterThanOrEqualTo(violations.size());
				violations.forEach(
						(violation) -> softly.assertThat(violation.path("field").asString("")).as(what).isNotBlank());
			}
		}
		softly.assertAll();
	}

	@Test
	void aProblemListsAtMostAHundredViolationsAndCountsTheRest() {
		assertThat(answers.stream().filter((answer) -> answer.hostileCase().equals("batch-of-500-bad"))).isNotEmpty()
			.allSatisfy((answer) -> {
				assertThat(answer.response().status()).isEqualTo(400);
				assertThat(answer.response().body().path("violations").size()).isEqualTo(100);
				assertThat(answer.response().body().path("violationCount").asInt()).isGreaterThanOrEqualTo(500);
			});
	}

	@Test
	void everyValidEventIsStoredOnceAndVisibleInTheProjections() {
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> caughtUp());
		assertThat(ledger.storedEvents()).isEqualTo(validEvents);
		SoftAssertions softly = new SoftAssertions();
		validPerSubject.forEach((subject, count) -> {
			String path = "/api/v1/operators/" + HostileInputs.OPERATOR + "/subjects/" + subject;
			RunningLedger.Response history = ledger.get(path + "/history?page=0&size=1");
			softly.assertThat(history.status()).as("history of " + subject).isEqualTo(200);
			// The history also lists the ledger's re-judgments of events that arrived out
			// of
			// order (ADR 0023): the facts are the entries of the other kinds.
			softly
				.assertThat(ledger.jdbc()
					.queryForObject(
							"SELECT count(*) FROM query.history_entry WHERE operator = ? AND subject = ? "
									+ "AND entry_type <> 'judgment-revised'",
							Long.class, HostileInputs.OPERATOR, subject))
				.as("history of " + subject)
				.isEqualTo(count.longValue());
			softly.assertThat(ledger.get(path + "/consents").status()).as("consents of " + subject).isEqualTo(200);
		});
		softly.assertAll();
	}

	@Test
	void theConsumerGroupCommittedTheEndOfEveryTopic() throws Exception {
		assertThat(lag()).isZero();
	}

	@Test
	void theCommandServicesHeapStaysBounded() {
		System.gc();
		JsonNode heap = ledger.getCommand("/actuator/metrics/jvm.memory.used?tag=area:heap").body();
		// Both services, the broker and this test share the JVM: a generous bound that
		// a leak of the hostile inputs (a copy of every record) would still cross.
		assertThat(heap.path("measurements").get(0).path("value").asDouble()).isLessThan(1.5 * 1024 * 1024 * 1024);
	}

	private static void sendOverKafka(HostileInputs inputs) throws Exception {
		Random random = inputs.random();
		Subjects subjects = new Subjects(inputs, "hostile-k-", 500);
		AtomicReference<Exception> failure = new AtomicReference<>();
		try (KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get()
			.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * HUGE_VALUE_BYTES))) {
			Sender send = (record, id) -> {
				record.headers().add(HOSTILE_ID, id.getBytes(StandardCharsets.UTF_8));
				producer.send(record, (metadata, error) -> {
					if (error != null) {
						failure.compareAndSet(null, error);
					}
				});
			};
			ObjectNode policy = HostileInputs.policy();
			send.send(new ProducerRecord<>(ledger.topic(), utf8(HostileInputs.OPERATOR), bytes(policy)), "good-policy");
			validKafkaIds.add("good-policy");
			validEvents++;
			List<ObjectNode> sentValid = new ArrayList<>();
			for (int i = 0; i < BAD_KAFKA_RECORDS; i++) {
				String id = "bad-" + i;
				ObjectNode base = inputs.valid("base-" + i, "hostile-k-base", true);
				if (i % 1000 == 999) {
					byte[] huge = new byte[HUGE_VALUE_BYTES];
					random.nextBytes(huge);
					send.send(new ProducerRecord<>(ledger.topic(), randomKey(random), huge), id);
					badRecords.put(id, new Expected("huge-value", "too-large"));
				}
				else if (i % 500 == 250 && !sentValid.isEmpty()) {
					ObjectNode original = sentValid.get(random.nextInt(sentValid.size()));
					ObjectNode conflicting = original.deepCopy();
					conflicting.put("time", HostileInputs.time(random));
					send.send(new ProducerRecord<>(ledger.topic(), key(original), bytes(conflicting)), id);
					badRecords.put(id, new Expected("conflicting-reuse", "conflict"));
				}
				else if (i % 700 == 350) {
					send.send(new ProducerRecord<>(foreignTopic, randomKey(random), bytes(base)), id);
					badRecords.put(id, new Expected("foreign-operator-topic", "forbidden"));
				}
				else {
					Hostility hostility = Hostility.values()[i % Hostility.values().length];
					Payload payload = hostility.make(random, base);
					ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(ledger.topic(), randomKey(random),
							payload.value());
					payload.headers().forEach((name, text) -> record.headers().add(name, utf8(text)));
					send.send(record, id);
					badRecords.put(id, new Expected(hostility.name(), "malformed"));
				}
				if (random.nextInt(4) == 0 && subjects.hasMore()) {
					ObjectNode valid = subjects.next();
					send.send(validRecord(random, valid), valid.path("id").asString());
					validKafkaIds.add(valid.path("id").asString());
					sentValid.add(valid);
				}
			}
			while (subjects.hasMore()) {
				ObjectNode valid = subjects.next();
				send.send(validRecord(random, valid), valid.path("id").asString());
				validKafkaIds.add(valid.path("id").asString());
			}
			producer.flush();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("the broker refused a record of the test", failure.get());
		}
		validEvents += subjects.sent();
		subjects.counts().forEach(validPerSubject::put);
	}

	/** Headerless, structured with a content type, or binary; keyed by the subject. */
	private static ProducerRecord<byte[], byte[]> validRecord(Random random, ObjectNode event) {
		byte[] structured = bytes(event);
		return switch (random.nextInt(3)) {
			case 0 -> new ProducerRecord<>(ledger.topic(), key(event), structured);
			case 1 -> {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(ledger.topic(), key(event), structured);
				record.headers().add("content-type", utf8("application/cloudevents+json"));
				yield record;
			}
			default -> KafkaMessageFactory.<byte[]>createWriter(ledger.topic(), key(event))
				.writeBinary(ExampleStory.cloudEvent(structured));
		};
	}

	private static void postOverHttp(HostileInputs inputs) throws Exception {
		Random random = inputs.random();
		Subjects subjects = new Subjects(inputs, "hostile-h-", 100);
		List<ObjectNode> posted = new ArrayList<>();
		for (int i = 0; i < BAD_HTTP_REQUESTS; i++) {
			ObjectNode base = inputs.valid("http-base-" + i, "hostile-h-base", true);
			if (i % 100 == 10) {
				byte[] body = new byte[1_500_000];
				random.nextBytes(body);
				answer("body-over-1MiB", 413, ledger.post("application/cloudevents+json", Map.of(), body));
			}
			else if (i % 100 == 20) {
				ArrayNode batch = ExampleStory.JSON.createArrayNode();
				for (int j = 0; j < 500; j++) {
					batch.add(ExampleStory.JSON.readTree(Hostility.TIME_OUT_OF_WINDOW.make(random, base).value()));
				}
				answer("batch-of-500-bad", 400,
						ledger.post("application/cloudevents-batch+json", Map.of(), bytes(batch)));
			}
			else if (i % 100 == 30 && !posted.isEmpty()) {
				ObjectNode conflicting = posted.get(random.nextInt(posted.size())).deepCopy();
				conflicting.put("time", HostileInputs.time(random));
				answer("conflicting-reuse", 409,
						ledger.post("application/cloudevents+json", Map.of(), bytes(conflicting)));
			}
			else if (i % 100 == 40) {
				String foreignIngest = TestIdentityProvider.get()
					.bearer("ingest-foreign", List.of("ingest"), List.of(FOREIGN_OPERATOR));
				answer("foreign-operator", 403, ledger.post("application/cloudevents+json",
						Map.of("Authorization", foreignIngest), bytes(base)));
			}
			else if (i % 100 == 50) {
				String batch = HostileInputs.pick(random, "[null]", "[]", "null", "[1,\"x\"]");
				answer("batch " + batch, 400, ledger.post("application/cloudevents-batch+json", Map.of(), utf8(batch)));
			}
			else if (i % 100 == 60) {
				answer("content-type-any", 415, ledger.post("*/*", Map.of(), bytes(base)));
			}
			else {
				Hostility hostility = Hostility.values()[i % Hostility.values().length];
				answer(hostility.name(), 400, post(hostility.make(random, base)));
			}
			if (random.nextInt(3) == 0 && subjects.hasMore()) {
				ObjectNode valid = subjects.next();
				answer("valid", 200, postValid(random, valid));
				posted.add(valid);
			}
		}
		while (subjects.hasMore()) {
			answer("valid", 200, postValid(random, subjects.next()));
		}
		validEvents += subjects.sent();
		subjects.counts().forEach(validPerSubject::put);
		concurrentRedeliveries(posted.get(0));
	}

	/** The same event 64 times at once: each answer is 200, it is stored once. */
	private static void concurrentRedeliveries(ObjectNode event) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<RunningLedger.Response>> responses = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				responses.add(pool.submit(() -> ledger.post("application/cloudevents+json", Map.of(), bytes(event))));
			}
			for (Future<RunningLedger.Response> response : responses) {
				answer("concurrent-redelivery", 200, response.get());
			}
		}
		finally {
			pool.shutdown();
		}
	}

	/**
	 * A payload as a producer would post it: binary mode when it has {@code ce_} headers.
	 */
	private static RunningLedger.Response post(Payload payload) {
		Map<String, String> headers = new LinkedHashMap<>();
		payload.headers().forEach((name, text) -> {
			if (name.startsWith("ce_")) {
				headers.put("ce-" + name.substring(3), text);
			}
		});
		String contentType = payload.headers().getOrDefault("content-type", "application/cloudevents+json");
		return ledger.post(contentType, headers, (payload.value() != null) ? payload.value() : new byte[0]);
	}

	/** Structured, binary or as a batch of one. */
	private static RunningLedger.Response postValid(Random random, ObjectNode event) {
		return switch (random.nextInt(3)) {
			case 0 -> ledger.post("application/cloudevents+json", Map.of(), bytes(event));
			case 1 -> {
				Map<String, String> headers = new LinkedHashMap<>();
				for (String attribute : List.of("specversion", "id", "source", "type", "subject", "time")) {
					headers.put("ce-" + attribute, event.path(attribute).asString());
				}
				yield ledger.post("application/json", headers, bytes(event.path("data")));
			}
			default -> ledger.post("application/cloudevents-batch+json", Map.of(),
					bytes(ExampleStory.JSON.createArrayNode().add(event)));
		};
	}

	private static void answer(String hostileCase, int expectedStatus, RunningLedger.Response response) {
		answers.add(new Answer(hostileCase, expectedStatus, response));
	}

	/**
	 * Every subject event stored has its history entry: the projections' processor has
	 * passed every one.
	 */
	private static boolean caughtUp() {
		return ledger.jdbc()
			.queryForObject("""
					SELECT count(*) FROM ledger.domain_event_entry e
					WHERE e.payload_type <> 'kz.consentledger.events.PolicyVersionPublished'
					  AND NOT EXISTS (SELECT 1 FROM query.history_entry h WHERE h.global_index = e.global_index)""",
					Long.class) == 0;
	}

	/** Records of the input topics that the ledger's consumer group has not committed. */
	private static long lag() throws Exception {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin
				.listConsumerGroupOffsets(ledger.settings().get("spring.kafka.consumer.group-id"))
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(List.of(ledger.topic(), foreignTopic))
				.allTopicNames()
				.get()
				.forEach((topic, description) -> description.partitions()
					.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()),
							OffsetSpec.latest())));
			long lag = 0;
			for (var end : admin.listOffsets(latest).all().get().entrySet()) {
				OffsetAndMetadata done = committed.get(end.getKey());
				lag += end.getValue().offset() - ((done != null) ? done.offset() : 0);
			}
			return lag;
		}
	}

	/** The dead-letter topic from its beginning to its end. */
	private static List<ConsumerRecord<byte[], byte[]>> wholeDeadLetterTopic() {
		Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				LedgerInfrastructure.get().bootstrapServers(), ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
				4 * HUGE_VALUE_BYTES);
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(ledger.deadLetterTopic())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			await().atMost(Duration.ofMinutes(1)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= end.get(partition));
			});
		}
		return records;
	}

	private static Admin admin() {
		return Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LedgerInfrastructure.get().bootstrapServers()));
	}

	private static byte[] key(ObjectNode event) {
		return utf8(HostileInputs.OPERATOR + ":" + event.path("subject").asString());
	}

	/** A third of the bad records have no key, a third a key of noise. */
	private static byte[] randomKey(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> null;
			case 1 -> {
				byte[] noise = new byte[1 + random.nextInt(64)];
				random.nextBytes(noise);
				yield noise;
			}
			default -> utf8(HostileInputs.OPERATOR + ":hostile-k-" + random.nextInt(500));
		};
	}

	private static byte[] bytes(JsonNode node) {
		return ExampleStory.JSON.writeValueAsBytes(node);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	private interface Sender {

		void send(ProducerRecord<byte[], byte[]> record, String hostileId);

	}

	private record Expected(String hostileCase, String kind) {
	}

	private record Answer(String hostileCase, int expectedStatus, RunningLedger.Response response) {
	}

	/**
	 * Valid events for {@code count} subjects, each a grant and up to seven more events
	 * of any type, handed out in each subject's order but subjects interleaved.
	 */
	private static final class Subjects {

		private final HostileInputs inputs;

		private final List<String> names = new ArrayList<>();

		private final Map<String, Integer> remaining = new HashMap<>();

		private final Map<String, Integer> counts = new TreeMap<>();

		private final String prefix;

		private int sent;

		Subjects(HostileInputs inputs, String prefix, int count) {
			this.inputs = inputs;
			this.prefix = prefix;
			for (int i = 0; i < count; i++) {
				String subject = prefix + i;
				this.names.add(subject);
				this.remaining.put(subject, 1 + inputs.random().nextInt(8));
			}
		}

		boolean hasMore() {
			return !this.names.isEmpty();
		}

		ObjectNode next() {
			String subject = this.names.get(this.inputs.random().nextInt(this.names.size()));
			int done = this.counts.merge(subject, 1, Integer::sum);
			if (done == this.remaining.get(subject)) {
				this.names.remove(subject);
			}
			this.sent++;
			return this.inputs.valid("good-" + this.prefix + this.sent, subject, done == 1);
		}

		int sent() {
			return this.sent;
		}

		Map<String, Integer> counts() {
			return this.counts;
		}

	}

}
