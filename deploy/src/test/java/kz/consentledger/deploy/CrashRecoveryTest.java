package kz.consentledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import kz.consentledger.proof.StoredEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command service, as its own process (the jar {@code deploy/run.sh} runs), is killed
 * with SIGKILL in the middle of a burst of 10,000 events and started again: the store
 * then holds exactly 10,000 events, none lost and none twice.
 */
class CrashRecoveryTest {

	private static final int BURST = 10_000;

	@Test
	void killDashNineDuringABurstLosesNothingAndDuplicatesNothing() throws Exception {
		Map<String, String> settings = RunningLedger.settings("crash");
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(settings.get("spring.datasource.url"),
				settings.get("spring.datasource.username"), settings.get("spring.datasource.password")));
		produceBurst(settings.get("ledger.kafka.topic"));

		Process first = startCommandService(settings, 1);
		try {
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> tableExists(jdbc) && stored(jdbc) >= 1_500);
		}
		finally {
			first.destroyForcibly().waitFor();
		}
		long atKill = stored(jdbc);
		System.out.println("Killed the command service with SIGKILL after " + atKill + " of " + BURST + " events");
		assertThat(atKill).as("the kill must land inside the burst").isLessThan(BURST);

		Process second = startCommandService(settings, 2);
		try {
			await().atMost(Duration.ofMinutes(5))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> consumed(settings) && stored(jdbc) >= BURST);
		}
		finally {
			second.destroy();
			second.waitFor();
		}
		assertThat(stored(jdbc)).isEqualTo(BURST);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger.ingested_event", Long.class)).isEqualTo(BURST);
		assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_identifier) FROM ledger.domain_event_entry",
				Long.class))
			.isEqualTo(BURST);
		// Every stored event was chained in its own transaction, the crash
		// notwithstanding.
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger.event_chain", Long.class)).isEqualTo(BURST);
		assertThat(jdbc.queryForObject("SELECT max(position) FROM ledger.event_chain", Long.class))
			.isEqualTo(BURST - 1);
		// Global indexes follow commit (chain) order although two consumers appended at
		// once: a reader never sees an index above one still to commit (ADR 0014).
		assertThat(jdbc.queryForList("""
				SELECT position FROM (SELECT position, global_index,
				    lag(global_index) OVER (ORDER BY position) AS previous FROM ledger.event_chain) c
				WHERE global_index < previous""", Long.class)).isEmpty();
		List<String> mismatches = jdbc.query("SELECT " + StoredEvent.COLUMNS + ", c.event_hash AS chained_hash "
				+ "FROM ledger.domain_event_entry e JOIN ledger.event_chain c ON c.global_index = e.global_index",
				(row, n) -> Arrays.equals(StoredEvent.fromRow(row).eventHash(), row.getBytes("chained_hash")) ? null
						: row.getString("event_identifier"))
			.stream()
			.filter(Objects::nonNull)
			.toList();
		assertThat(mismatches).isEmpty();
	}

	/**
	 * One policy and 9,999 subject events (grants, sharings, withdrawals) of 3,333
	 * subjects.
	 */
	private static void produceBurst(String topic) throws Exception {
		try (KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get()
			.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "20"))) {
			List<Future<RecordMetadata>> sent = new ArrayList<>();
			sent.add(producer.send(new ProducerRecord<>(topic, ExampleStory.OPERATOR.getBytes(StandardCharsets.UTF_8),
					ExampleStory.compact("policy-published.json"))));
			String[] files = { "granted.json", "data-shared.json", "withdrawn.json" };
			for (int i = 1; i < BURST; i++) {
				ObjectNode event = ExampleStory.json(files[(i - 1) % 3]);
				String subject = "crash-" + ((i - 1) / 3);
				event.put("id", "crash-event-" + i);
				event.put("subject", subject);
				sent.add(producer.send(new ProducerRecord<>(topic,
						(ExampleStory.OPERATOR + ":" + subject).getBytes(StandardCharsets.UTF_8),
						ExampleStory.JSON.writeValueAsBytes(event))));
			}
			for (Future<RecordMetadata> future : sent) {
				future.get();
			}
		}
	}

	private static Process startCommandService(Map<String, String> settings, int run) throws IOException {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("..", "consent-command", "target"))) {
			jar = files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"consent-command/target/*-exec.jar is missing: build with ./mvnw package first"));
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
						jar.toString()));
		settings.forEach((key, value) -> command.add("--" + key + "=" + value));
		Path log = Path.of("target", "crash-test-command-" + run + ".log");
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static boolean tableExists(JdbcTemplate jdbc) {
		return Boolean.TRUE
			.equals(jdbc.queryForObject("SELECT to_regclass('ledger.domain_event_entry') IS NOT NULL", Boolean.class));
	}

	private static long stored(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT count(*) FROM ledger.domain_event_entry", Long.class);
	}

	/** The ledger's consumer group has committed every offset of the input topic. */
	private static boolean consumed(Map<String, String> settings) {
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LedgerInfrastructure.get().bootstrapServers()))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin
				.listConsumerGroupOffsets(settings.get("spring.kafka.consumer.group-id"))
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
			committed.keySet().forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
			var ends = admin.listOffsets(latest).all().get();
			return !committed.isEmpty() && committed.entrySet()
				.stream()
				.allMatch((entry) -> entry.getValue().offset() >= ends.get(entry.getKey()).offset());
		}
		catch (Exception ex) {
			throw new UncheckedIOException(new IOException("cannot read consumer group offsets", ex));
		}
	}

}
