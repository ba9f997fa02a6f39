package kz.consentledger.query.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import kz.consentledger.query.QueryProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Shares the segments of every pooled processor among the query instances alive (ADR
 * 0026). Axon's pooled processor claims every segment nobody holds, so the first instance
 * would take them all and a second would idle until the first died. Each instance writes
 * a heartbeat ({@code query.processor_node}) while its processors work, and tells its
 * processors how many segments they may claim: of the instances seen within three
 * intervals, sorted by name, the first {@code segments % alive} may claim one more than
 * {@code segments / alive}, so the shares always add up to every segment. Axon's
 * coordinator releases what is over the share and claims up to it. The window (6 s by
 * default) is shorter than Axon's claim timeout (10 s): a dead instance is no longer
 * counted by the time its claims expire, so the others take its segments at once.
 */
@Configuration(proxyBeanMethods = false)
public class SegmentBalancer implements MaxSegmentProvider {

	private static final Logger LOG = LoggerFactory.getLogger(SegmentBalancer.class);

	private final JdbcTemplate jdbc;

	private final ObjectProvider<EventProcessingConfiguration> processing;

	private final Duration interval;

	/** Null until the first heartbeat: until then, claim as Axon would. */
	private volatile Shares shares;

	SegmentBalancer(JdbcTemplate jdbc, ObjectProvider<EventProcessingConfiguration> processing,
			QueryProperties properties) {
		this.jdbc = jdbc;
		this.processing = processing;
		this.interval = properties.projections().balanceInterval();
	}

	/** Every pooled processor asks this instance's share before it claims. */
	@Bean
	static ConfigurerModule segmentShares(SegmentBalancer balancer) {
		return (configurer) -> configurer.eventProcessing()
			.registerPooledStreamingEventProcessorConfiguration(
					(config, builder) -> builder.maxSegmentProvider(balancer));
	}

	@Override
	public int getMaxSegments(String processor) {
		Shares current = this.shares;
		return (current != null) ? current.of(processor) : Short.MAX_VALUE;
	}

	@Scheduled(fixedDelayString = "${ledger.projections.balance-interval:2s}")
	void heartbeat() {
		try {
			// An instance whose processors do not run must not be counted: its share
			// would go unclaimed.
			if (!processorsRun()) {
				return;
			}
			this.jdbc.update("INSERT INTO query.processor_node (node_id, seen_at) VALUES (?, now()) "
					+ "ON CONFLICT (node_id) DO UPDATE SET seen_at = now()", TokenStoreConfiguration.NODE);
			this.jdbc.update("DELETE FROM query.processor_node WHERE seen_at < now() - interval '1 hour'");
			// A row dated in the future was not written by an instance (they write
			// now()).
			List<String> alive = this.jdbc.queryForList(
					"SELECT node_id FROM query.processor_node "
							+ "WHERE seen_at > now() - make_interval(secs => ?) AND seen_at <= now() ORDER BY node_id",
					String.class, 3 * this.interval.toMillis() / 1000.0);
			Map<String, Integer> segments = this.jdbc
				.queryForList("SELECT processor_name, count(*) AS segments FROM query.token_entry "
						+ "GROUP BY processor_name")
				.stream()
				.collect(Collectors.toMap((row) -> (String) row.get("processor_name"),
						(row) -> ((Number) row.get("segments")).intValue()));
			Shares next = new Shares(Math.max(alive.indexOf(TokenStoreConfiguration.NODE), 0),
					Math.max(alive.size(), 1), segments);
			if (!next.equals(this.shares)) {
				LOG.info("{} query instance(s) alive: this one may claim {} segment(s) of each processor", next.alive(),
						segments.keySet().stream().map((name) -> name + " " + next.of(name)).toList());
			}
			this.shares = next;
		}
		catch (DataAccessException ex) {
			// The database is away: the processors release their claims themselves.
			LOG.warn("could not write this query instance's heartbeat: {}", ex.getMessage());
		}
	}

	/**
	 * No processor failed, and one runs (the rebuild's runs only during a rebuild, ADR
	 * 0027).
	 */
	private boolean processorsRun() {
		EventProcessingConfiguration configuration = this.processing.getIfAvailable();
		if (configuration == null) {
			return false;
		}
		List<EventProcessor> streaming = configuration.eventProcessors()
			.values()
			.stream()
			.filter((processor) -> processor instanceof StreamingEventProcessor)
			.toList();
		return streaming.stream().noneMatch(EventProcessor::isError)
				&& streaming.stream().anyMatch(EventProcessor::isRunning);
	}

	/** Leaving: the others need not wait for the window to take this instance's share. */
	@PreDestroy
	void leave() {
		try {
			this.jdbc.update("DELETE FROM query.processor_node WHERE node_id = ?", TokenStoreConfiguration.NODE);
		}
		catch (DataAccessException ex) {
			LOG.warn("could not remove this query instance's heartbeat: {}", ex.getMessage());
		}
	}

	/**
	 * @param rank this instance's place among the instances alive, sorted by name
	 * @param segments each processor's number of segments
	 */
	record Shares(int rank, int alive, Map<String, Integer> segments) {

		int of(String processor) {
			Integer count = this.segments.get(processor);
			if (count == null) {
				// Before its first start: the processor creates its segments and claims.
				return Short.MAX_VALUE;
			}
			return count / this.alive + ((this.rank < count % this.alive) ? 1 : 0);
		}

	}

}
