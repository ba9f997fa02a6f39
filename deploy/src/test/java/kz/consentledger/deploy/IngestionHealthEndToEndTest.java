package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
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
			for (int i = 0; i < EVENTS; i++) {
				ObjectNode granted = ExampleStory.json("granted.json");
				granted.put("id", "health-" + i);
				granted.put("subject", "user-health-" + i);
				producer
					.send(new ProducerRecord<>(ledger.topic(), ("k" + i).getBytes(StandardCharsets.UTF_8),
							ExampleStory.JSON.writeValueAsBytes(granted)))
					.get();
			}

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

	private static double lagWaiting(RunningLedger ledger) {
		RunningLedger.Response lag = ledger.getCommand("/actuator/metrics/ledger.ingest.lag");
		return (lag.status() != 200) ? -1 : lag.body().path("measurements").path(0).path("value").asDouble();
	}

}
