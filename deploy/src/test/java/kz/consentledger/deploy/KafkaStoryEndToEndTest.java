package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract's example story through Kafka (all three ways a producer may send it:
 * headerless JSON as Kafka's console producer does, structured mode, binary mode), the
 * Axon event store on PostgreSQL and the query projections; then malformed records,
 * redeliveries and conflicting reuse.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaStoryEndToEndTest {

	private static RunningLedger ledger;

	private static KafkaProducer<byte[], byte[]> producer;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("kafka_story");
		producer = LedgerInfrastructure.get().producer(Map.of());
	}

	@AfterAll
	static void stop() {
		producer.close();
		ledger.close();
	}

	@Test
	@Order(1)
	void theExampleStoryGivesTheStateTheContractDescribes() {
		List<String> eight = ExampleStory.firstEight().toList();
		for (int i = 0; i < eight.size(); i++) {
			send(record(eight.get(i), i % 3));
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ExampleStory.assertStateAfterEight(ledger));
		assertThat(ledger.storedEvents()).isEqualTo(8);

		send(record("policy-accepted.json", 0));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ledger
				.get("/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/" + ExampleStory.SUBJECT + "/consents")
				.body()
				.path("acceptedPolicy")
				.path("validity")
				.asString()).isEqualTo("unknown-version"));
	}

	@Test
	@Order(2)
	void malformedRecordsGoUnchangedToTheDeadLetterTopicAndTheConsumerGoesOn() {
		ObjectNode bad = ExampleStory.json("granted.json");
		bad.put("id", "bad-1");
		((ObjectNode) bad.path("data")).put("operator", "180440011035");
		((ObjectNode) bad.path("data")).putArray("purposes");
		byte[] badValue = ExampleStory.JSON.writeValueAsBytes(bad);
		byte[] garbage = "this is not a cloud event".getBytes(StandardCharsets.UTF_8);
		send(new ProducerRecord<>(ledger.topic(), "k1".getBytes(StandardCharsets.UTF_8), badValue));
		send(new ProducerRecord<>(ledger.topic(), "k2".getBytes(StandardCharsets.UTF_8), garbage));
		ObjectNode good = ExampleStory.json("granted.json");
		good.put("id", "after-the-bad-ones");
		good.put("subject", "user-000999");
		send(new ProducerRecord<>(ledger.topic(), null, ExampleStory.JSON.writeValueAsBytes(good)));

		// Different keys, different partitions: the dead-letter topic keeps no order
		// between them.
		Map<String, ConsumerRecord<byte[], byte[]>> dead = ledger.deadLetters(2)
			.stream()
			.collect(
					Collectors.toMap((record) -> new String(record.key(), StandardCharsets.UTF_8), (record) -> record));
		assertThat(dead).containsOnlyKeys("k1", "k2");
		assertThat(dead.get("k1").value()).isEqualTo(badValue);
		assertThat(RunningLedger.header(dead.get("k1"), "ledger-error-kind")).isEqualTo("malformed");
		assertThat(RunningLedger.header(dead.get("k1"), "ledger-error-fields")).contains("data.operator")
			.contains("data.purposes");
		assertThat(RunningLedger.header(dead.get("k1"), "ledger-error-reason")).contains("check digit");
		assertThat(dead.get("k2").value()).isEqualTo(garbage);
		assertThat(RunningLedger.header(dead.get("k2"), "ledger-error-reason")).contains("not a CloudEvent");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					ledger.get("/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/user-000999/consents")
						.status())
				.isEqualTo(200));
	}

	@Test
	@Order(3)
	void aRedeliveryIsIgnoredAndAConflictingReuseIsRejected() {
		long before = ledger.storedEvents();
		send(record("granted.json", 1));
		send(record("withdrawn.json", 2));
		ObjectNode conflicting = ExampleStory.json("data-shared.json");
		((ObjectNode) conflicting.path("data")).put("purpose", "marketing");
		send(new ProducerRecord<>(ledger.topic(), null, ExampleStory.JSON.writeValueAsBytes(conflicting)));
		ObjectNode marker = ExampleStory.json("granted.json");
		marker.put("id", "marker-after-duplicates");
		marker.put("subject", "user-001000");
		send(new ProducerRecord<>(ledger.topic(), null, ExampleStory.JSON.writeValueAsBytes(marker)));

		// The two malformed records of the test before, and this conflict.
		List<ConsumerRecord<byte[], byte[]>> dead = ledger.deadLetters(3);
		assertThat(dead).extracting((record) -> RunningLedger.header(record, "ledger-error-kind"))
			.containsExactlyInAnyOrder("malformed", "malformed", "conflict");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ledger.storedEvents()).isEqualTo(before + 1));
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.ingested_event WHERE event_id = ?", Long.class,
					"8b0f7c9e-3d52-4f0e-9a77-0c1d2e3f4a5b"))
			.isEqualTo(1);
	}

	/**
	 * mode 0: headerless JSON (console producer), 1: structured with content type, 2:
	 * binary.
	 */
	private static ProducerRecord<byte[], byte[]> record(String file, int mode) {
		byte[] key = ExampleStory.key(file).getBytes(StandardCharsets.UTF_8);
		byte[] structured = ExampleStory.compact(file);
		return switch (mode) {
			case 0 -> new ProducerRecord<>(ledger.topic(), key, structured);
			case 1 -> {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(ledger.topic(), key, structured);
				record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
				yield record;
			}
			default -> KafkaMessageFactory.<byte[]>createWriter(ledger.topic(), key)
				.writeBinary(ExampleStory.cloudEvent(structured));
		};
	}

	private static void send(ProducerRecord<byte[], byte[]> record) {
		try {
			producer.send(record).get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
