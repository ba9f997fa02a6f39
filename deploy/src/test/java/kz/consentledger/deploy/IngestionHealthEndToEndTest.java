package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import kz.consentledger.command.CommandApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database that refuses every write (here: the service's role lost its INSERT
 * privilege) is an outage, not a bad record: ingestion retries without dead-lettering
 * anything, readiness turns DOWN naming the partitions that do not advance and the
 * failure, the lag metric counts the records waiting, and once the privilege is back
 * every event is stored and readiness is UP again.
 */
class IngestionHealthEndToEndTest {

	private static final int EVENTS = 40;

	@Test
	void aStalledConsumerTurnsReadinessDownWithTheReasonAndRecoversAlone() throws Exception {
		try (RunningLedger ledger = RunningLedger.start("ingestion_health",
				Map.of("ledger.ingest.stall-after", "2s", "ledger.ingest.lag-interval", "1s"));
				KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get().producer(Map.of())) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> ledger.getCommand("/actuator/health/readiness").status() == 200);
			ledger.jdbc().execute("REVOKE INSERT ON ledger.ingested_event FROM " + ledger.appRole());
			send(producer, ledger, 0, EVENTS);

			await().atMost(Duration.ofSeconds(60))
				.until(() -> ledger.getCommand("/actuator/health/readiness").status() == 503);
			RunningLedger.Response readiness = ledger.getCommand("/actuator/health/readiness");
			assertThat(readiness.body().path("components").path("ingestion").path("details").path("reason").asString())
				.contains("has not advanced")
				.contains(ledger.topic());
			assertThat(readiness.body()
				.path("components")
				.path("ingestion")
				.path("details")
				.path("lastFailure")
				.asString()).contains("permission denied");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(lagWaiting(ledger)).isEqualTo(EVENTS));
			assertThat(ledger.storedEvents()).isZero();

			ledger.jdbc().execute("GRANT INSERT ON ledger.ingested_event TO " + ledger.appRole());
			await().atMost(Duration.ofSeconds(90)).until(() -> ledger.storedEvents() == EVENTS);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> ledger.getCommand("/actuator/health/readiness").status() == 200);
			// The offsets are committed after the batch the container's back-off (up to
			// 30 s)
			// retried, and measured every second.
			await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(lagWaiting(ledger)).isZero());
			assertThat(ledger.getCommand("/actuator/metrics/ledger.ingest.dead.lettered").status())
				.as("an outage dead-letters nothing")
				.isEqualTo(404);
		}
	}

	/**
	 * Two instances share the consumer group. The first holds a batch through an outage;
	 * more records arrive, and a second instance takes over half the partitions and reads
	 * them all. Once the database writes again, the first instance must not commit its
	 * older batch's offsets over the second's: a partition would then count records as
	 * waiting that were stored, and stay stalled until its next record.
	 */
	@Test
	void anOutageThroughARebalanceLeavesNoPartitionBehind() throws Exception {
		Map<String, String> oneConsumer = Map.of("spring.kafka.listener.concurrency", "1", "ledger.ingest.stall-after",
				"2s", "ledger.ingest.lag-interval", "1s");
		try (RunningLedger ledger = RunningLedger.start("ingestion_rebalance", oneConsumer);
				KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get().producer(Map.of())) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> ledger.getCommand("/actuator/health/readiness").status() == 200);
			ledger.jdbc().execute("REVOKE INSERT ON ledger.ingested_event FROM " + ledger.appRole());
			send(producer, ledger, 0, EVENTS / 2);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> ledger.getCommand("/actuator/health/readiness").status() == 503);
			send(producer, ledger, EVENTS / 2, EVENTS);
			try (ConfigurableApplicationContext second = RunningLedger.run(CommandApplication.application(),
					ledger.settings())) {
				MessageListenerContainer consumer = second.getBean(KafkaListenerEndpointRegistry.class)
					.getListenerContainer("consent-ingestion");
				await().atMost(Duration.ofSeconds(90)).until(() -> !consumer.getAssignedPartitions().isEmpty());
				ledger.jdbc().execute("GRANT INSERT ON ledger.ingested_event TO " + ledger.appRole());
				await().atMost(Duration.ofSeconds(90)).until(() -> ledger.storedEvents() == EVENTS);
				await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(lagWaiting(ledger)).isZero());
				// Held past the longest back-off (30 s): nothing committed late moves an
				// offset back.
				await().during(Duration.ofSeconds(35))
					.atMost(Duration.ofSeconds(40))
					.untilAsserted(() -> assertThat(lagWaiting(ledger)).isZero());
			}
		}
	}

	private static void send(KafkaProducer<byte[], byte[]> producer, RunningLedger ledger, int from, int to)
			throws Exception {
		for (int i = from; i < to; i++) {
			ObjectNode granted = ExampleStory.json("granted.json");
			granted.put("id", "health-" + i);
			granted.put("subject", "user-health-" + i);
			producer
				.send(new ProducerRecord<>(ledger.topic(), ("k" + i).getBytes(StandardCharsets.UTF_8),
						ExampleStory.JSON.writeValueAsBytes(granted)))
				.get();
		}
	}

	private static double lagWaiting(RunningLedger ledger) {
		RunningLedger.Response lag = ledger.getCommand("/actuator/metrics/ledger.ingest.lag");
		return (lag.status() != 200) ? -1 : lag.body().path("measurements").path(0).path("value").asDouble();
	}

}
