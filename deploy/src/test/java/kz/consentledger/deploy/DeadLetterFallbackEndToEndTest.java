package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record the broker took compressed, whose copy it would refuse uncompressed (a tiny
 * value under 1.5 MB of headers), cannot stop its partition: it is refused for its size
 * and dead-lettered bare, with the reason and where the original is, and the event after
 * it is stored.
 */
class DeadLetterFallbackEndToEndTest {

	@Test
	void aCopyTheBrokerRefusesIsDeadLetteredBareAndThePartitionGoesOn() throws Exception {
		try (RunningLedger ledger = RunningLedger.start("dlt_fallback");
				KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get()
					.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
							ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024))) {
			RecordHeaders headers = new RecordHeaders();
			byte[] filler = "h".repeat(100_000).getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < 15; i++) {
				headers.add("x-filler-" + i, filler);
			}
			byte[] key = "same-partition".getBytes(StandardCharsets.UTF_8);
			producer.send(new ProducerRecord<>(ledger.topic(), 0, key, "x".getBytes(StandardCharsets.UTF_8), headers))
				.get();
			ObjectNode after = ExampleStory.json("granted.json");
			after.put("id", "after-the-heavy-one");
			after.put("subject", "user-after-heavy");
			producer.send(new ProducerRecord<>(ledger.topic(), 0, key, ExampleStory.JSON.writeValueAsBytes(after)))
				.get();

			List<ConsumerRecord<byte[], byte[]>> dead = ledger.deadLetters(1);
			assertThat(dead).hasSize(1);
			ConsumerRecord<byte[], byte[]> copy = dead.get(0);
			assertThat(copy.value()).isNull();
			assertThat(RunningLedger.header(copy, "ledger-error-kind")).isEqualTo("too-large");
			assertThat(RunningLedger.header(copy, "ledger-original-offset")).isEqualTo("0");
			assertThat(RunningLedger.header(copy, "ledger-original-size")).isEqualTo("1");
			assertThat(copy.headers().lastHeader("x-filler-0")).as("the original headers are left out").isNull();
			await().atMost(Duration.ofSeconds(60)).until(() -> ledger.storedEvents() == 1);
		}
	}

}
