package kz.consentledger.query.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.query.QueryProperties;
import kz.consentledger.query.consent.CurrentConsentProjection;
import kz.consentledger.query.store.ProcessorTokens;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Health {@code projections} (in the readiness group): DOWN when the projections'
 * processor is not running, or when one of its segments has not advanced for
 * {@code ledger.projections.stall-after} while events wait for it, with the segment, its
 * position, how far behind the store's head it is, since when and which query instance
 * claims it. Also the gauge {@code ledger.projections.behind}: positions of the event
 * store the slowest segment has still to handle. The segments are read from the token
 * store, so every instance reports all of them, not only those it claims. Sampled every
 * few seconds and at every health check, so a stall is seen even when nobody asks.
 */
@Component("projectionsHealthIndicator")
class ProjectionHealth implements HealthIndicator {

	private static final String PROCESSOR = CurrentConsentProjection.GROUP;

	private final EventProcessingConfiguration processing;

	private final JdbcTemplate jdbc;

	private final ProcessorTokens tokens;

	private final Clock clock;

	private final Duration stallAfter;

	/** Each segment as last seen. */
	private final Map<Integer, Waiting> segments = new TreeMap<>();

	private volatile long behind;

	ProjectionHealth(EventProcessingConfiguration processing, JdbcTemplate jdbc, ProcessorTokens tokens, Clock clock,
			QueryProperties properties, MeterRegistry meters) {
		this.processing = processing;
		this.jdbc = jdbc;
		this.tokens = tokens;
		this.clock = clock;
		this.stallAfter = properties.projections().stallAfter();
		Gauge.builder("ledger.projections.behind", this, (health) -> health.behind)
			.tag("processor", PROCESSOR)
			.description("positions of the event store the projections' slowest segment has still to handle")
			.baseUnit("events")
			.register(meters);
	}

	@Override
	public Health health() {
		return sample();
	}

	@Scheduled(fixedDelayString = "${ledger.projections.health-sample-interval:5s}")
	void sampleRegularly() {
		sample();
	}

	private synchronized Health sample() {
		StreamingEventProcessor processor = this.processing.eventProcessor(PROCESSOR, StreamingEventProcessor.class)
			.orElse(null);
		if (processor == null || !processor.isRunning()) {
			return Health.down()
				.withDetail("reason",
						"the projections' processor " + PROCESSOR + " is not running"
								+ ((processor != null && processor.isError()) ? " (it stopped on an error)" : ""))
				.build();
		}
		Instant now = this.clock.instant();
		Long stored = this.jdbc.queryForObject("SELECT max(global_index) FROM ledger.domain_event_entry", Long.class);
		long head = (stored != null) ? stored : -1;
		// The segments this instance claims, where they are now; the others as their
		// instance last stored them (an idle segment's token is stored every 5 s).
		Map<Integer, EventTrackerStatus> claimed = processor.processingStatus();
		Map<Integer, ProcessorTokens.Segment> tokens = new TreeMap<>();
		this.tokens.segments(PROCESSOR).forEach((segment) -> tokens.put(segment.segment(), segment));
		tokens.forEach((segment, token) -> {
			EventTrackerStatus own = claimed.get(segment);
			long position = (own != null) ? own.getCurrentPosition().orElse(-1) : token.position();
			this.segments.merge(segment, Waiting.at(position, head, now),
					(before, seen) -> before.next(seen.position(), head, now));
		});
		this.segments.keySet().retainAll(tokens.keySet());
		this.behind = this.segments.values()
			.stream()
			.mapToLong((w) -> Math.max(head - w.position(), 0))
			.max()
			.orElse(0);
		// This instance is not ready when a segment it claims is stalled, or one nobody
		// works on; a segment stalled in another instance is that instance's (its own
		// readiness says so) and is only listed here, so that one stalled instance does
		// not
		// take every instance out of service.
		List<Map<String, Object>> stalled = new ArrayList<>();
		List<Map<String, Object>> elsewhere = new ArrayList<>();
		this.segments.forEach((segment, waiting) -> {
			if (waiting.since() != null && Duration.between(waiting.since(), now).compareTo(this.stallAfter) > 0) {
				ProcessorTokens.Segment token = tokens.get(segment);
				Map<String, Object> detail = new LinkedHashMap<>();
				detail.put("segment", segment);
				detail.put("position", waiting.position());
				detail.put("behind", head - waiting.position());
				detail.put("waitingSince", waiting.since());
				detail.put("claimedBy", token.orphaned(now) ? null : token.owner());
				EventTrackerStatus status = claimed.get(segment);
				if (status != null && status.isErrorState()) {
					detail.put("error", String.valueOf(status.getError()));
				}
				(status != null || token.orphaned(now) ? stalled : elsewhere).add(detail);
			}
		});
		Health.Builder health = stalled.isEmpty() ? Health.up()
				: Health.down()
					.withDetail("reason",
							stalled.size() + " segment(s) of " + PROCESSOR + " did not advance for more than "
									+ this.stallAfter.toSeconds() + " s while events wait")
					.withDetail("stalled", stalled);
		if (!elsewhere.isEmpty()) {
			health.withDetail("stalledInOtherInstances", elsewhere);
		}
		return health.withDetail("head", head).withDetail("behind", this.behind).build();
	}

	/**
	 * A segment's position and since when it has stayed there with events after it (null
	 * when nothing waits).
	 */
	private record Waiting(long position, Instant since) {

		static Waiting at(long position, long head, Instant now) {
			return new Waiting(position, (position < head) ? now : null);
		}

		Waiting next(long seen, long head, Instant now) {
			if (seen != this.position || seen >= head) {
				return at(seen, head, now);
			}
			return (this.since != null) ? this : new Waiting(seen, now);
		}

	}

}
