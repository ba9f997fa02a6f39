package kz.consentledger.command.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import kz.consentledger.command.LedgerProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether ingestion advances: per partition of the consumed topics, the records waiting
 * (end offset minus the group's committed offset) and since when its committed offset has
 * not moved. Readiness ({@code ingestion}) is DOWN, with the partitions and the last
 * failure, when the consumer is not running or a partition with records waiting has not
 * advanced for {@code ledger.ingest.stall-after}; {@code ledger.ingest.lag} is the
 * records waiting per partition.
 */
@Component("ingestion")
class IngestionProgress implements HealthIndicator, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(IngestionProgress.class);

	private static final long ADMIN_TIMEOUT_SECONDS = 5;

	private static final Duration FRESH = Duration.ofSeconds(2);

	private final Admin admin;

	private final String group;

	private final Pattern topics;

	private final Duration stallAfter;

	private final Clock clock;

	private final KafkaListenerEndpointRegistry listeners;

	private final MultiGauge lagGauge;

	/** Per partition: the committed offset last seen and when it was first seen. */
	private final Map<TopicPartition, Seen> seen = new HashMap<>();

	private volatile Failure lastFailure;

	/** The last measurement and when it was taken: health probes reuse a fresh one. */
	private Measurement last;

	IngestionProgress(KafkaAdmin kafkaAdmin, IngestTopics topics, LedgerProperties properties, Clock clock,
			KafkaListenerEndpointRegistry listeners, MeterRegistry meters) {
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
		this.group = topics.group();
		this.topics = Pattern.compile(topics.pattern());
		this.stallAfter = properties.ingest().stallAfter();
		this.clock = clock;
		this.listeners = listeners;
		this.lagGauge = MultiGauge.builder("ledger.ingest.lag")
			.description("Records waiting in a partition of the consumed topics")
			.register(meters);
	}

	/** A batch failed; its cause is named by health until a batch succeeds. */
	void failed(RuntimeException ex) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		this.lastFailure = new Failure(ContractLimits.oneLine(String.valueOf(root.getMessage())), this.clock.instant());
	}

	/** A batch was handled (appended and dead-lettered). */
	void advanced() {
		this.lastFailure = null;
	}

	@Scheduled(fixedDelayString = "${ledger.ingest.lag-interval:10s}",
			initialDelayString = "${ledger.ingest.lag-interval:10s}")
	void refresh() {
		try {
			measure();
		}
		catch (Exception ex) {
			logger.debug("Could not measure the consumer lag: {}", ex.toString());
		}
	}

	@Override
	public Health health() {
		MessageListenerContainer container = this.listeners.getListenerContainer("consent-ingestion");
		if (container == null || !container.isRunning()) {
			return Health.down().withDetail("reason", "the Kafka consumer is not running").build();
		}
		Map<TopicPartition, Long> waiting;
		List<String> stalled;
		try {
			waiting = recentMeasurement();
			stalled = stalled(waiting);
		}
		catch (Exception ex) {
			return Health.down()
				.withDetail("reason", "the broker does not answer: " + ContractLimits.oneLine(ex.toString()))
				.build();
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("waiting", waiting.values().stream().mapToLong(Long::longValue).sum());
		Failure failure = this.lastFailure;
		if (failure != null) {
			details.put("lastFailure", failure.message());
			details.put("lastFailureAt", failure.at().toString());
		}
		if (stalled.isEmpty()) {
			return Health.up().withDetails(details).build();
		}
		details.put("reason", "records wait and the consumer has not advanced for " + this.stallAfter.toSeconds()
				+ " s: " + String.join(", ", stalled));
		return Health.down().withDetails(details).build();
	}

	private synchronized List<String> stalled(Map<TopicPartition, Long> waiting) {
		Instant now = this.clock.instant();
		List<String> stalled = new ArrayList<>();
		waiting.forEach((partition, records) -> {
			Seen since = this.seen.get(partition);
			if (records > 0 && since != null && Duration.between(since.at(), now).compareTo(this.stallAfter) > 0) {
				stalled.add(partition + " (" + records + " waiting, at offset " + since.offset() + " since "
						+ since.at() + ")");
			}
		});
		return stalled;
	}

	/**
	 * A measurement of the last {@link #FRESH} (probes come often, and each measurement
	 * is four requests to the broker), else a new one.
	 */
	private synchronized Map<TopicPartition, Long> recentMeasurement() throws Exception {
		Measurement recent = this.last;
		if (recent != null && Duration.between(recent.at(), this.clock.instant()).compareTo(FRESH) < 0) {
			return recent.waiting();
		}
		return measure();
	}

	private synchronized Map<TopicPartition, Long> measure() throws Exception {
		Set<String> consumed = this.admin.listTopics()
			.names()
			.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.stream()
			.filter((topic) -> this.topics.matcher(topic).matches())
			.collect(Collectors.toSet());
		Map<String, TopicDescription> descriptions = this.admin.describeTopics(consumed)
			.allTopicNames()
			.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		descriptions.values()
			.forEach((topic) -> topic.partitions()
				.forEach(
						(info) -> latest.put(new TopicPartition(topic.name(), info.partition()), OffsetSpec.latest())));
		Map<TopicPartition, ListOffsetsResultInfo> ends = this.admin.listOffsets(latest)
			.all()
			.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(this.group)
			.partitionsToOffsetAndMetadata()
			.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		// Where the group has committed nothing, it starts at the log's start (auto
		// offset
		// reset earliest), which retention may have moved past zero.
		Map<TopicPartition, OffsetSpec> uncommitted = new HashMap<>();
		ends.keySet()
			.stream()
			.filter((partition) -> committed.get(partition) == null)
			.forEach((partition) -> uncommitted.put(partition, OffsetSpec.earliest()));
		Map<TopicPartition, ListOffsetsResultInfo> starts = uncommitted.isEmpty() ? Map.of()
				: this.admin.listOffsets(uncommitted).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Instant now = this.clock.instant();
		Map<TopicPartition, Long> waiting = new HashMap<>();
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		ends.forEach((partition, end) -> {
			OffsetAndMetadata at = committed.get(partition);
			long offset = (at != null) ? at.offset() : starts.get(partition).offset();
			long records = Math.max(0, end.offset() - offset);
			waiting.put(partition, records);
			Seen before = this.seen.get(partition);
			// Nothing waiting is no stall: the patience starts when records arrive.
			if (before == null || before.offset() != offset || records == 0) {
				this.seen.put(partition, new Seen(offset, now));
			}
			rows.add(MultiGauge.Row.of(
					Tags.of("topic", partition.topic(), "partition", Integer.toString(partition.partition())),
					records));
		});
		this.lagGauge.register(rows, true);
		this.last = new Measurement(waiting, now);
		return waiting;
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(2));
	}

	private record Seen(long offset, Instant at) {
	}

	private record Failure(String message, Instant at) {
	}

	private record Measurement(Map<TopicPartition, Long> waiting, Instant at) {
	}

}
