package kz.consentledger.query.store;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import kz.consentledger.query.QueryProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Shares the segments of every streaming processor among the query instances alive.
 * Axon's pooled processor claims every segment nobody holds, so the first instance would
 * take them all and a second would idle until the first died. Each instance writes a
 * heartbeat ({@code query.processor_node}), counts the instances seen within three
 * intervals, and releases the segments it holds beyond its fair share, for long enough
 * that another instance's processor claims them first. An instance that dies stops its
 * heartbeat; its claims expire and the others take its segments, then share again.
 */
@Component
class SegmentBalancer {

	private static final Logger LOG = LoggerFactory.getLogger(SegmentBalancer.class);

	/**
	 * How long a released segment is left to the others: twice the interval at which
	 * Axon's pooled processors look for unclaimed segments (5 s).
	 */
	private static final Duration RELEASE = Duration.ofSeconds(10);

	private final EventProcessingConfiguration processing;

	private final JdbcTemplate jdbc;

	private final ProcessorTokens tokens;

	private final Duration interval;

	SegmentBalancer(EventProcessingConfiguration processing, JdbcTemplate jdbc, ProcessorTokens tokens,
			QueryProperties properties) {
		this.processing = processing;
		this.jdbc = jdbc;
		this.tokens = tokens;
		this.interval = properties.projections().balanceInterval();
	}

	@Scheduled(fixedDelayString = "${ledger.projections.balance-interval:5s}")
	void balance() {
		try {
			int alive = heartbeat();
			this.processing.eventProcessors()
				.values()
				.stream()
				.filter((processor) -> processor instanceof StreamingEventProcessor && processor.isRunning())
				.forEach((processor) -> share((StreamingEventProcessor) processor, alive));
		}
		catch (DataAccessException ex) {
			// The database is away: the processors release their claims themselves; the
			// next round shares again.
			LOG.warn("could not share the processors' segments this round: {}", ex.getMessage());
		}
	}

	/**
	 * Writes this instance's heartbeat; the number of instances alive, this one included.
	 */
	private int heartbeat() {
		this.jdbc.update("INSERT INTO query.processor_node (node_id, seen_at) VALUES (?, now()) "
				+ "ON CONFLICT (node_id) DO UPDATE SET seen_at = now()", TokenStoreConfiguration.NODE);
		this.jdbc.update("DELETE FROM query.processor_node WHERE seen_at < now() - interval '1 hour'");
		Integer alive = this.jdbc.queryForObject(
				"SELECT count(*) FROM query.processor_node WHERE seen_at > now() - make_interval(secs => ?)",
				Integer.class, 3 * this.interval.toMillis() / 1000.0);
		return Math.max((alive != null) ? alive : 0, 1);
	}

	private void share(StreamingEventProcessor processor, int alive) {
		int segments = this.tokens.segments(processor.getName()).size();
		int fairShare = (segments + alive - 1) / alive;
		Map<Integer, EventTrackerStatus> claimed = processor.processingStatus();
		int extra = claimed.size() - fairShare;
		if (segments == 0 || extra <= 0) {
			return;
		}
		claimed.keySet().stream().sorted(Comparator.reverseOrder()).limit(extra).forEach((segment) -> {
			LOG.info("releasing segment {} of {} to another query instance ({} alive, {} segments each)", segment,
					processor.getName(), alive, fairShare);
			processor.releaseSegment(segment, RELEASE.toMillis(), TimeUnit.MILLISECONDS);
		});
	}

}
