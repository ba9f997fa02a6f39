package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import kz.consentledger.commands.RejudgeSubject;
import kz.consentledger.events.JudgmentRevised;
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
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fresh ledger (its own database, topic and consumer group) on a broker of the test's
 * own, whose services run as their own processes so that a test can kill them, and what
 * must hold after any fault: every event sent stored exactly once and chained in commit
 * order, the input topic consumed to its end, and projections equal to a rebuild of them.
 */
final class ForkedLedger implements AutoCloseable {

	private static final String PROCESSOR = "/api/v1/admin/projections/consent-projections/rebuild";

	private static final String CHECKSUMS = "/api/v1/admin/projections/checksums";

	private final String name;

	private final Map<String, String> settings;

	private final String bootstrapServers;

	private final JdbcTemplate jdbc;

	private final int events;

	/** Every run of the command service, killed ones too. */
	private final List<ForkedService> commands = new ArrayList<>();

	/** Every query instance started, killed ones too. */
	private final List<ForkedService> queries = new ArrayList<>();

	private ForkedLedger(String name, Map<String, String> settings, String bootstrapServers, int events) {
		this.name = name;
		this.settings = settings;
		this.bootstrapServers = bootstrapServers;
		this.events = events;
		this.jdbc = RunningLedger.ownerJdbc(settings);
	}

	/**
	 * A ledger on {@code broker} that is to receive {@code events} contract events: one
	 * policy, then a grant, a sharing and a withdrawal per subject ({@link #produce}).
	 */
	static ForkedLedger create(String name, KafkaBrokerProcess broker, int events) {
		Map<String, String> settings = RunningLedger.settings(name);
		settings.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
		// A killed service's consumers hold their partitions until the broker drops them
		// (45 s by default): detection time is configuration, not what is under test.
		settings.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
		settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "2000");
		return new ForkedLedger(name, settings, broker.bootstrapServers(), events);
	}

	/**
	 * Sends events {@code from} to {@code to - 1} of this ledger's sequence; event 0 is
	 * the policy the others cite. A subject's three events are in order on one partition
	 * (the operator:subject key).
	 */
	void produce(int from, int to) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
		try (KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.producer(this.bootstrapServers, config)) {
			List<Future<RecordMetadata>> sent = new ArrayList<>();
			if (from == 0) {
				ObjectNode policy = ExampleStory.json("policy-published.json");
				policy.put("id", id(0));
				sent.add(producer
					.send(new ProducerRecord<>(topic(), ExampleStory.OPERATOR.getBytes(StandardCharsets.UTF_8),
							ExampleStory.JSON.writeValueAsBytes(policy))));
			}
			// Parsed once: 200,000 parses of the examples would take longer than the
			// sending.
			List<ObjectNode> templates = Stream.of("granted.json", "data-shared.json", "withdrawn.json")
				.map(ExampleStory::json)
				.toList();
			// Optional, and sealed per subject: left out to keep the events small.
			templates.forEach((template) -> ((ObjectNode) template.get("data")).remove("evidence"));
			for (int i = Math.max(from, 1); i < to; i++) {
				ObjectNode event = templates.get((i - 1) % 3).deepCopy();
				String subject = this.name + "-" + ((i - 1) / 3);
				event.put("id", id(i));
				event.put("subject", subject);
				sent.add(producer.send(new ProducerRecord<>(topic(),
						(ExampleStory.OPERATOR + ":" + subject).getBytes(StandardCharsets.UTF_8),
						ExampleStory.JSON.writeValueAsBytes(event))));
			}
			for (Future<RecordMetadata> future : sent) {
				future.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("producing the test events failed", ex);
		}
	}

	private String id(int index) {
		return "fault-" + this.name + "-" + index;
	}

	private String topic() {
		return this.settings.get("ledger.kafka.topic");
	}

	/**
	 * Starts the command service (again) with extra JVM options, each run logging to a
	 * file of its own.
	 */
	ForkedService startCommand(String... jvmOptions) {
		ForkedService command = ForkedService.start("consent-command", this.settings,
				"fault-" + this.name + "-command-" + (this.commands.size() + 1), jvmOptions);
		this.commands.add(command);
		return command;
	}

	/** Starts the query service, once the command service has created the store. */
	ForkedService startQuery() {
		return startQueries(1).get(0);
	}

	/**
	 * Starts {@code count} query instances at once, once the command service has created
	 * the store, with extra JVM options, and waits until each answers.
	 */
	List<ForkedService> startQueries(int count, String... jvmOptions) {
		List<ForkedService> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			started.add(launchQuery(jvmOptions));
		}
		started.forEach(ForkedService::awaitStarted);
		return started;
	}

	private ForkedService launchQuery(String... jvmOptions) {
		ForkedService query = ForkedService.start("consent-query", this.settings,
				"fault-" + this.name + "-query-" + (this.queries.size() + 1), jvmOptions);
		this.queries.add(query);
		return query;
	}

	String databaseUrl() {
		return this.settings.get("spring.datasource.url");
	}

	/**
	 * The facts stored: a policy publication that another consumer thread appends after
	 * the first grants adds the ledger's own re-judgments (ADR 0023), which are not
	 * counted.
	 */
	private static final String FACTS = "payload_type <> '" + JudgmentRevised.class.getName() + "'";

	private long stored() {
		return this.jdbc.queryForObject("SELECT count(*) FROM ledger.domain_event_entry WHERE " + FACTS, Long.class);
	}

	private long storedWithRejudgments() {
		return this.jdbc.queryForObject("SELECT count(*) FROM ledger.domain_event_entry", Long.class);
	}

	/**
	 * Events appended so far, read off the chain's head (positions have no gaps): cheap
	 * enough to poll, unlike a count of the store.
	 */
	long appended() {
		return this.jdbc.queryForObject("SELECT CASE WHEN to_regclass('ledger.event_chain') IS NULL THEN 0 "
				+ "ELSE (SELECT coalesce(max(position) + 1, 0) FROM ledger.event_chain) END", Long.class);
	}

	JsonNode checksums() {
		return alive(this.queries).get(CHECKSUMS);
	}

	/**
	 * The projections' processor: where it is and the head of the store, in global
	 * indexes.
	 */
	JsonNode projectionStatus() {
		return alive(this.queries).get(PROCESSOR);
	}

	/**
	 * Waits, without any step of the test's, until every event is stored, the consumer
	 * group has committed the end of the topic and the projections reached the head.
	 * Faults may still be healing: errors meanwhile are waited out.
	 */
	void awaitSettled() {
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> appended() >= this.events && lag() == 0);
		// Every segment at the head, whichever instance claims it (a rebuild's status
		// tells where the rebuild stopped, not where the live projections are).
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
			JsonNode projections = alive(this.queries).get("/actuator/health").path("components").path("projections");
			return projections.path("details").path("behind").asLong(-1) == 0
					&& projections.path("details").path("head").asLong(-1) == head();
		});
	}

	/** The newest global index of the store. */
	private long head() {
		return this.jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM ledger.domain_event_entry",
				Long.class);
	}

	/** Records of the input topic that the ledger's consumer group has not committed. */
	private long lag() {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin
				.listConsumerGroupOffsets(this.settings.get("spring.kafka.consumer.group-id"))
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(List.of(topic()))
				.allTopicNames()
				.get()
				.get(topic())
				.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(topic(), partition.partition()),
						OffsetSpec.latest()));
			long lag = 0;
			for (var end : admin.listOffsets(latest).all().get().entrySet()) {
				OffsetAndMetadata offset = committed.get(end.getKey());
				lag += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
			}
			return lag;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot read the consumer group's lag", ex);
		}
	}

	/**
	 * Every event sent is stored once (its (source, id) once in the idempotency log and
	 * once among the stored events' provenance), chained in its own transaction, global
	 * indexes in commit order, every chained hash that of the stored event.
	 */
	void assertStoredExactlyOnce() {
		assertThat(stored()).isEqualTo(this.events);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM ledger.ingested_event WHERE source <> '" + RejudgeSubject.SOURCE + "'",
				Long.class))
			.isEqualTo(this.events);
		String sent = "fault-" + this.name + "-";
		Map<String, Object> provenance = this.jdbc.queryForMap("""
				SELECT count(DISTINCT (p ->> 'source', p ->> 'eventId')) AS distinct_keys,
				       count(DISTINCT p ->> 'eventId') AS distinct_ids,
				       count(*) FILTER (WHERE p ->> 'eventId' LIKE ? || '%') AS ours,
				       min(substring(p ->> 'eventId' FROM length(?) + 1)::int) AS first,
				       max(substring(p ->> 'eventId' FROM length(?) + 1)::int) AS last
				FROM (SELECT convert_from(payload, 'UTF8')::jsonb -> 'provenance' AS p
				      FROM ledger.domain_event_entry""" + " WHERE " + FACTS + ") e", sent, sent, sent);
		assertThat(provenance).containsEntry("distinct_keys", (long) this.events)
			.containsEntry("distinct_ids", (long) this.events)
			.containsEntry("ours", (long) this.events)
			.containsEntry("first", 0)
			.containsEntry("last", this.events - 1);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(DISTINCT event_identifier) FROM ledger.domain_event_entry WHERE " + FACTS, Long.class))
			.isEqualTo(this.events);
		long all = storedWithRejudgments();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM ledger.event_chain", Long.class)).isEqualTo(all);
		assertThat(this.jdbc.queryForObject("SELECT max(position) FROM ledger.event_chain", Long.class))
			.isEqualTo(all - 1L);
		// Global indexes follow commit (chain) order although two consumers appended at
		// once: a reader never sees an index above one still to commit (ADR 0014).
		assertThat(this.jdbc.queryForList("""
				SELECT position FROM (SELECT position, global_index,
				    lag(global_index) OVER (ORDER BY position) AS previous FROM ledger.event_chain) c
				WHERE global_index < previous""", Long.class)).isEmpty();
		List<String> mismatches = this.jdbc.query("SELECT " + StoredEvent.COLUMNS + ", c.event_hash AS chained_hash "
				+ "FROM ledger.domain_event_entry e JOIN ledger.event_chain c ON c.global_index = e.global_index",
				(row, n) -> Arrays.equals(StoredEvent.fromRow(row).eventHash(), row.getBytes("chained_hash")) ? null
						: row.getString("event_identifier"))
			.stream()
			.filter(Objects::nonNull)
			.toList();
		assertThat(mismatches).isEmpty();
	}

	/**
	 * Every subject is projected, and the projections are what a rebuild makes of the
	 * store.
	 */
	void assertProjectionsEqualARebuild() {
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM query.subject", Long.class))
			.isEqualTo((this.events - 1 + 2) / 3);
		JsonNode live = checksums();
		startRebuild();
		awaitRebuilt();
		assertThat(checksums()).isEqualTo(live);
	}

	/**
	 * Waits until the running rebuild's segments are claimed by {@code instances} query
	 * instances at once, each replaying its share.
	 */
	void awaitRebuildSharedBy(int instances) {
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.jdbc.queryForObject("SELECT count(DISTINCT owner) FROM query.token_entry "
					+ "WHERE processor_name = 'consent-projections-rebuild' AND owner IS NOT NULL "
					+ "AND owner <> 'projection-rebuild'", Long.class) == instances);
	}

	void startRebuild() {
		JsonNode started = alive(this.queries).post(PROCESSOR);
		assertThat(started.path("positionsTotal").asLong()).isPositive();
	}

	/** Waits for the rebuild to finish; faults meanwhile are waited out. */
	void awaitRebuilt() {
		// History entries are never deleted: across the switch the live history must not
		// shrink, or readers would see events disappear.
		long[] largest = { 0 };
		List<String> shrunk = new ArrayList<>();
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			long history = this.jdbc.queryForObject("SELECT count(*) FROM query.history_entry", Long.class);
			if (history < largest[0]) {
				shrunk.add(largest[0] + " history entries, then " + history);
			}
			largest[0] = Math.max(largest[0], history);
			JsonNode status = projectionStatus();
			return "done".equals(status.path("state").asString())
					&& status.path("positionsDone").asLong() >= status.path("positionsTotal").asLong();
		});
		assertThat(shrunk).as("the live projections went back during the rebuild").isEmpty();
	}

	/** Every instance alive reports UP: nothing is left failed behind the fault. */
	void assertHealthy() {
		Stream.concat(this.commands.stream(), this.queries.stream())
			.filter(ForkedService::alive)
			.forEach(
					(service) -> assertThat(service.get("/actuator/health").path("status").asString()).isEqualTo("UP"));
	}

	/**
	 * Waits until the projections' segments are claimed by {@code instances} query
	 * instances, as many segments each: the balance the instances reach by themselves.
	 */
	void awaitSegmentsSharedBy(int instances) {
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
			List<Long> claims = this.jdbc.queryForList(
					"SELECT count(*) FROM query.token_entry "
							+ "WHERE processor_name = 'consent-projections' AND owner IS NOT NULL GROUP BY owner",
					Long.class);
			return claims.size() == instances && claims.stream().distinct().count() == 1
					&& claims.get(0) * instances == 4;
		});
	}

	/**
	 * Waits until the ledger's consumer group has {@code members} consumers, each
	 * assigned partitions of the input topic.
	 */
	void awaitConsumers(int members) {
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
				var group = admin.describeConsumerGroups(List.of(this.settings.get("spring.kafka.consumer.group-id")))
					.all()
					.get()
					.values()
					.iterator()
					.next();
				return group.members().size() == members && group.members()
					.stream()
					.allMatch((member) -> member.assignment()
						.topicPartitions()
						.stream()
						.anyMatch((partition) -> partition.topic().equals(topic())));
			}
		});
	}

	private static ForkedService alive(List<ForkedService> services) {
		return services.stream()
			.filter(ForkedService::alive)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no instance of the service is alive"));
	}

	@Override
	public void close() {
		this.queries.forEach(ForkedService::close);
		this.commands.forEach(ForkedService::close);
	}

}
