package kz.consentledger.query.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.query.parking.ParkedEvents;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Rebuilds the projections of a streaming processor: stops it, resets its tokens (the
 * projections' reset handlers empty their tables, and the dead-letter queue is cleared:
 * the replay meets every parked event again), starts it again and follows it to the head
 * of the event store. An event that cannot be applied is parked again on the way, so a
 * rebuild always reaches the head; its status says how many events it parked. Progress is
 * measured in global index positions.
 */
@Component
public class ProjectionRebuild {

	private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);

	private final EventProcessingConfiguration processing;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ParkedEvents parked;

	private final Map<String, Progress> rebuilds = new ConcurrentHashMap<>();

	ProjectionRebuild(EventProcessingConfiguration processing, JdbcTemplate jdbc, Clock clock, MeterRegistry meters,
			ParkedEvents parked) {
		this.processing = processing;
		this.jdbc = jdbc;
		this.clock = clock;
		this.meters = meters;
		this.parked = parked;
	}

	/** Starts a rebuild of {@code name}; the returned status follows it. */
	public synchronized RebuildStatus start(String name) {
		StreamingEventProcessor processor = processor(name);
		Progress running = this.rebuilds.get(name);
		if (running != null && running.finishedAt == null) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"the projections of " + name + " are already being rebuilt");
		}
		long head = head();
		processor.shutDown();
		processor.resetTokens();
		processor.start();
		Progress progress = new Progress(name, head, this.clock.instant());
		this.rebuilds.put(name, progress);
		register(name);
		LOG.info("rebuilding the projections of {} from the event store: {} positions to replay", name, head);
		return status(name);
	}

	/** The state of the last rebuild of {@code name} (or of the processor if none). */
	public RebuildStatus status(String name) {
		StreamingEventProcessor processor = processor(name);
		Progress progress = this.rebuilds.get(name);
		long position = position(processor);
		boolean replaying = processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isReplaying);
		long parkedEvents = ParkedEvents.PROCESSOR.equals(name) ? this.parked.total() : 0;
		if (progress == null) {
			return new RebuildStatus(name, replaying ? "replaying" : "live", position, head(), null, null, null, null,
					parkedEvents);
		}
		progress.observe(position, this.clock.instant());
		return progress.status(parkedEvents);
	}

	@Scheduled(fixedDelay = 2000)
	void report() {
		this.rebuilds.values().stream().filter((p) -> p.finishedAt == null).forEach((progress) -> {
			RebuildStatus status = status(progress.name);
			LOG.info("rebuild of {}: {} of {} positions, {} events/s, ETA {} s, {}", status.processor(),
					status.positionsDone(), status.positionsTotal(),
					(status.rate() != null) ? Math.round(status.rate()) : "?", status.etaSeconds(), status.state());
		});
	}

	/**
	 * Once per processor: Micrometer keeps the first gauge of a name and tags, so the
	 * gauges read whichever rebuild of the processor is the latest.
	 */
	private void register(String name) {
		gauge("ledger.projection.rebuild.positions.done", name, null, (p) -> p.done);
		gauge("ledger.projection.rebuild.positions.total", name, null, (p) -> p.total);
		gauge("ledger.projection.rebuild.rate", name, "events/s", (p) -> p.rate);
		gauge("ledger.projection.rebuild.eta", name, "seconds", (p) -> p.etaSeconds);
	}

	private void gauge(String metric, String name, String unit, ToDoubleFunction<Progress> value) {
		Gauge.builder(metric, this.rebuilds, (all) -> {
			Progress progress = all.get(name);
			return (progress != null) ? value.applyAsDouble(progress) : Double.NaN;
		}).tag("processor", name).baseUnit(unit).register(this.meters);
	}

	private StreamingEventProcessor processor(String name) {
		return this.processing.eventProcessor(name, StreamingEventProcessor.class)
			.orElseThrow(() -> new IllegalArgumentException("there is no streaming event processor " + name
					+ " (known: " + String.join(", ", this.processing.eventProcessors().keySet()) + ")"));
	}

	/**
	 * The position every segment has reached: the lowest of their positions, or -1 while
	 * a segment is not claimed (released after a failure, such as a database restart, and
	 * not yet taken again): the others' positions say nothing of it.
	 */
	private static long position(StreamingEventProcessor processor) {
		Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
		double covered = statuses.stream().mapToDouble((status) -> 1.0 / (status.getSegment().getMask() + 1)).sum();
		if (statuses.isEmpty() || covered < 1 - 1e-9) {
			return -1;
		}
		return statuses.stream().mapToLong((status) -> status.getCurrentPosition().orElse(-1)).min().orElse(-1);
	}

	private long head() {
		Long head = this.jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM ledger.domain_event_entry",
				Long.class);
		return (head != null) ? head : -1;
	}

	/**
	 * A rebuild as observed. {@code state}: {@code replaying} or {@code done}; positions
	 * are global indexes of the event store; {@code parkedEvents}: events the processor
	 * holds parked now (GET /api/v1/admin/projections/{processor}/parked).
	 */
	public record RebuildStatus(String processor, String state, long positionsDone, long positionsTotal, Double rate,
			Long etaSeconds, Instant startedAt, Instant finishedAt, long parkedEvents) {
	}

	/** Mutable progress of one rebuild, sampled by status calls and the reporter. */
	private static final class Progress {

		private final String name;

		private final long total;

		private final Instant startedAt;

		private volatile long done;

		private volatile double rate;

		private volatile double etaSeconds;

		private volatile Instant finishedAt;

		private Progress(String name, long total, Instant startedAt) {
			this.name = name;
			this.total = total;
			this.startedAt = startedAt;
		}

		synchronized void observe(long position, Instant now) {
			if (this.finishedAt != null) {
				return;
			}
			this.done = Math.max(this.done, Math.max(position, 0));
			double seconds = Math.max(Duration.between(this.startedAt, now).toMillis(), 1) / 1000.0;
			this.rate = this.done / seconds;
			this.etaSeconds = (this.rate > 0) ? (this.total - this.done) / this.rate : Double.NaN;
			// Axon may keep the replay flag until the next new event; every segment past
			// the
			// head at reset means the replay is complete.
			if (position >= this.total) {
				this.finishedAt = now;
				this.etaSeconds = 0;
				LOG.info("rebuild of {} done: {} positions in {} s ({} events/s)", this.name, this.total, seconds,
						Math.round(this.rate));
			}
		}

		RebuildStatus status(long parkedEvents) {
			return new RebuildStatus(this.name, (this.finishedAt != null) ? "done" : "replaying", this.done, this.total,
					this.rate, Double.isNaN(this.etaSeconds) ? null : Math.round(this.etaSeconds), this.startedAt,
					this.finishedAt, parkedEvents);
		}

	}

}
