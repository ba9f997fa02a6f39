package kz.consentledger.query.admin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.query.consent.CurrentConsentProjection;
import kz.consentledger.query.parking.ParkedEvents;
import kz.consentledger.query.store.ProcessorTokens;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.common.DateTimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Rebuilds the projections without emptying them (ADR 0027). A second processor,
 * {@value #SHADOW}, replays the event store through the same projections into shadow
 * tables (schema {@code query_rebuild}) while the live ones keep serving and following
 * new events. Once every shadow segment has passed the store's head at the start, the
 * live processor is fenced and the shadow replays on past the head at that moment, so
 * that it holds all the live tables held; then one transaction puts the shadow tables in
 * the live ones' place and the live processor goes on from the shadow's tokens. Readers
 * see the old projections until that commit and the new ones after it, never a partial
 * one. Parked events are replayed too: the ones the replay parks again replace the live
 * processor's.
 * <p>
 * The rebuild's state is a row of {@code query.projection_rebuild} (V12), so it holds
 * across restarts and every query instance sees it: POST on any instance starts it, each
 * instance's rebuild processor claims its share of the shadow segments while it replays,
 * and every instance polls the row and moves it on (whichever gets there first; each step
 * checks the state under the row's lock). Progress is measured in global index positions.
 */
@Component
public class ProjectionRebuild {

	private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);

	/** The only processor rebuilt: every projection is in it. */
	static final String PROCESSOR = CurrentConsentProjection.GROUP;

	/** The processor that replays into the shadow tables (consent-query.yml). */
	static final String SHADOW = ParkedEvents.REBUILD;

	/**
	 * The owner of a fenced processor's token rows: no instance is, so none claims them,
	 * and a batch in flight fails on its token and rolls back. With {@link #NEVER} the
	 * claim never expires; the switch gives the live rows the switch's time, so they can
	 * be claimed once Axon's claim timeout (10 s) has passed.
	 */
	private static final String FENCE = ProcessorTokens.FENCE;

	private static final String NEVER = "9999-12-31T23:59:59Z";

	/**
	 * How long after a switch a new rebuild may start ({@link #runShadowProcessorFor}),
	 * as a PostgreSQL interval.
	 */
	private static final String QUIET_AFTER_SWITCH = "3 seconds";

	/**
	 * After a cancel, long enough for every instance to have stopped its rebuild
	 * processor (polled every 2 s) and for a batch it had in flight to have ended
	 * (failing on its fenced token), before the next rebuild's token rows, which no
	 * instance owns, could be claimed by a work package of the cancelled replay.
	 */
	private static final String QUIET_AFTER_CANCEL = "15 seconds";

	/** How long after the end of the last rebuild the next may start. */
	private static final String QUIET = "CASE projection_rebuild.state WHEN 'cancelled' THEN interval '"
			+ QUIET_AFTER_CANCEL + "' ELSE interval '" + QUIET_AFTER_SWITCH + "' END";

	private static final String START = """
			INSERT INTO query.projection_rebuild (processor, state, head, started_at, started_by)
			VALUES (?, 'replaying', ?, now(), ?)
			ON CONFLICT (processor) DO UPDATE SET state = 'replaying', head = EXCLUDED.head, started_at = now(),
			  started_by = EXCLUDED.started_by, finished_at = NULL, positions_done = NULL
			WHERE projection_rebuild.state IN ('done', 'cancelled')
			  AND projection_rebuild.finished_at <= now() - %s
			RETURNING processor""".formatted(QUIET);

	/** The states a rebuild runs in; 'done' and 'cancelled' end it. */
	private static final List<String> RUNNING = List.of("replaying", "switching", "catching-up");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ProcessorTokens tokens;

	private final Clock clock;

	private final ParkedEvents parked;

	private final EventProcessingConfiguration processing;

	/** The status as last polled, for the gauges. */
	private volatile RebuildStatus latest;

	/**
	 * The start of the rebuild this instance's rebuild processor runs for; null while
	 * stopped.
	 */
	private Instant joined;

	ProjectionRebuild(JdbcTemplate jdbc, PlatformTransactionManager transactions, ProcessorTokens tokens, Clock clock,
			MeterRegistry meters, ParkedEvents parked, EventProcessingConfiguration processing) {
		this.processing = processing;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.tokens = tokens;
		this.clock = clock;
		this.parked = parked;
		gauge(meters, "ledger.projection.rebuild.positions.done", null, RebuildStatus::positionsDone);
		gauge(meters, "ledger.projection.rebuild.positions.total", null, RebuildStatus::positionsTotal);
		gauge(meters, "ledger.projection.rebuild.rate", "events/s", (s) -> (s.rate() != null) ? s.rate() : Double.NaN);
		gauge(meters, "ledger.projection.rebuild.eta", "seconds",
				(s) -> (s.etaSeconds() != null) ? s.etaSeconds() : Double.NaN);
	}

	/**
	 * Starts a rebuild of {@code name}: records it and prepares empty shadow tables, in
	 * one transaction; the instances' rebuild processors start replaying once it commits.
	 * @throws ResponseStatusException 409 while a rebuild of it runs
	 */
	public RebuildStatus start(String name) {
		rebuildable(name);
		awaitQuietAfterSwitch(name);
		long head = head();
		String by = startedBy();
		boolean started = Boolean.TRUE.equals(this.transactions.execute((transaction) -> {
			if (this.jdbc.queryForList(START, String.class, name, head, by).isEmpty()) {
				return false;
			}
			this.jdbc.queryForList("SELECT query.prepare_projection_rebuild(?, ?)", name, SHADOW);
			return true;
		}));
		if (!started) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"the projections of " + name + " are already being rebuilt");
		}
		LOG.info("rebuilding the projections of {} from the event store into shadow tables, for {}: {} positions "
				+ "to replay", name, by, head);
		return status(name);
	}

	/**
	 * Cancels the running rebuild of {@code name} before its switch, in one transaction
	 * under the rebuild's row lock (the switch takes it too, so one of them wins): the
	 * live processor, if fenced, goes on from where it was; the shadow processor is
	 * fenced and its parked events dropped; the live tables never stopped serving.
	 * @throws ResponseStatusException 409 when no rebuild of it runs (or it has switched)
	 */
	public RebuildStatus cancel(String name) {
		rebuildable(name);
		boolean cancelled;
		try {
			cancelled = Boolean.TRUE.equals(this.transactions.execute((transaction) -> cancelRunning(name)));
		}
		catch (PessimisticLockingFailureException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"a step of the rebuild of " + name + " holds it (its indexes are built): try again shortly");
		}
		if (!cancelled) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"no rebuild of " + name + " runs that could be cancelled (none started, or it has switched)");
		}
		LOG.info("rebuild of {} cancelled by {}: the live projections stay as they are", name, startedBy());
		return status(name);
	}

	/**
	 * In the caller's transaction, holding the rebuild's row lock, waited for 2 s at most
	 * (the index step holds it while it builds): false when no rebuild runs.
	 */
	private boolean cancelRunning(String name) {
		this.jdbc.execute("SET LOCAL lock_timeout = '2s'");
		List<String> state = this.jdbc.queryForList(
				"SELECT state FROM query.projection_rebuild WHERE processor = ? FOR UPDATE", String.class, name);
		if (state.size() != 1 || !RUNNING.contains(state.get(0))) {
			return false;
		}
		this.jdbc.update(
				"UPDATE query.token_entry SET owner = NULL, time_stamp = ? WHERE processor_name = ? AND owner = ?",
				DateTimeUtils.formatInstant(this.clock.instant()), PROCESSOR, FENCE);
		this.jdbc.update("UPDATE query.token_entry SET owner = ?, time_stamp = ? WHERE processor_name = ?", FENCE,
				NEVER, SHADOW);
		this.jdbc.update("DELETE FROM query.dead_letter_entry WHERE processing_group = ?", SHADOW);
		this.jdbc.update("UPDATE query.projection_rebuild SET state = 'cancelled', finished_at = now(), "
				+ "positions_done = ? WHERE processor = ?", Math.max(this.tokens.position(SHADOW), 0), name);
		return true;
	}

	/** The state of the last rebuild of {@code name} (or of its processor if none). */
	public RebuildStatus status(String name) {
		rebuildable(name);
		long parkedEvents = this.parked.total();
		Optional<Rebuild> last = last(name);
		if (last.isEmpty()) {
			return new RebuildStatus(name, "live", this.tokens.position(name), head(), null, null, null, null,
					parkedEvents);
		}
		Rebuild rebuild = last.get();
		boolean done = rebuild.finishedAt() != null;
		long positions = done ? rebuild.positionsDone() : Math.max(this.tokens.position(SHADOW), 0);
		Instant until = done ? rebuild.finishedAt() : this.clock.instant();
		double seconds = Math.max(Duration.between(rebuild.startedAt(), until).toMillis(), 1) / 1000.0;
		double rate = positions / seconds;
		Long eta = "cancelled".equals(rebuild.state()) ? null
				: done ? Long.valueOf(0) : (rate > 0) ? Math.round((rebuild.head() - positions) / rate) : null;
		return new RebuildStatus(name, rebuild.state(), positions, rebuild.head(), rate, eta, rebuild.startedAt(),
				rebuild.finishedAt(), parkedEvents);
	}

	/**
	 * Moves a running rebuild on, on every instance: a replay past the head goes to
	 * switching, and a switching one is switched (by whichever instance gets there
	 * first). A database away (restarted, say) is waited out: the next round goes on.
	 */
	@Scheduled(fixedDelay = 2000)
	void advance() {
		try {
			Optional<Rebuild> last = last(PROCESSOR);
			runShadowProcessorFor(last.filter((rebuild) -> RUNNING.contains(rebuild.state())));
			if (last.isEmpty()) {
				return;
			}
			Rebuild rebuild = last.get();
			long shadow = this.tokens.position(SHADOW);
			if ("replaying".equals(rebuild.state())) {
				RebuildStatus status = status(PROCESSOR);
				LOG.info("rebuild of {}: {} of {} positions, {} events/s, ETA {} s", PROCESSOR, status.positionsDone(),
						status.positionsTotal(), (status.rate() != null) ? Math.round(status.rate()) : "?",
						(status.etaSeconds() != null) ? status.etaSeconds() : "?");
				// This rebuild's, not one started since by another instance.
				if (shadow >= rebuild.head()) {
					this.jdbc.update(
							"UPDATE query.projection_rebuild SET state = 'switching' "
									+ "WHERE processor = ? AND state = 'replaying' AND started_at = ?",
							PROCESSOR, Timestamp.from(rebuild.startedAt()));
				}
			}
			rebuild = last(PROCESSOR).orElseThrow();
			if ("switching".equals(rebuild.state())) {
				this.jdbc.queryForList("SELECT query.index_rebuilt_projections(?)", PROCESSOR);
				fenceLive(rebuild);
			}
			rebuild = last(PROCESSOR).orElseThrow();
			if ("catching-up".equals(rebuild.state()) && this.tokens.position(SHADOW) >= rebuild.fencedHead()) {
				switchOver(rebuild);
			}
			this.latest = status(PROCESSOR);
		}
		catch (DataAccessException ex) {
			LOG.warn("the rebuild of {} waits for the database: {}", PROCESSOR, ex.getMessage());
		}
	}

	/**
	 * A rebuild starts at least 3 s after the last switch (15 s after a cancel)
	 * ({@link #runShadowProcessorFor}): a request sooner waits for it, measured on the
	 * database's clock.
	 */
	private void awaitQuietAfterSwitch(String name) {
		Double wait = this.jdbc
			.queryForList(
					"SELECT extract(epoch FROM finished_at + " + QUIET + " - now()) "
							+ "FROM query.projection_rebuild WHERE processor = ? AND state IN ('done', 'cancelled')",
					Double.class, name)
			.stream()
			.findFirst()
			.orElse(null);
		if (wait != null && wait > 0) {
			try {
				Thread.sleep((long) Math.ceil(wait * 1000) + 100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the last switch to settle", ex);
			}
		}
	}

	/**
	 * Runs this instance's rebuild processor while a rebuild replays, a fresh start for
	 * each rebuild, and stops it otherwise (Axon starts it with the others). A work
	 * package left from an earlier rebuild holds that rebuild's position in memory: were
	 * it to claim one of the new rebuild's rows, it would store a position far ahead of
	 * the replay. Its claims were fenced at that rebuild's switch, so it fails at its
	 * next claim extension (every second, ShadowProjections) if this poll (every 2 s) has
	 * not stopped it first; a new rebuild starts no sooner than 3 s after a switch, and
	 * the processor is started afresh for it.
	 */
	private void runShadowProcessorFor(Optional<Rebuild> running) {
		StreamingEventProcessor processor = this.processing.eventProcessor(SHADOW, StreamingEventProcessor.class)
			.orElseThrow();
		Instant wanted = running.map(Rebuild::startedAt).orElse(null);
		if (wanted != null && wanted.equals(this.joined) && processor.isRunning()) {
			return;
		}
		if (processor.isRunning()) {
			processor.shutDown();
		}
		if (wanted != null) {
			processor.start();
		}
		this.joined = wanted;
	}

	/**
	 * Fences the live processor (its token rows owned by nobody: every batch in flight
	 * fails on its token and rolls back) and notes the store's head, which no live token
	 * is past. The shadow replays on until it passes that head: the projections it puts
	 * live then hold everything the live ones held, so no reader sees them go back.
	 */
	private void fenceLive(Rebuild rebuild) {
		this.transactions.executeWithoutResult((transaction) -> {
			List<String> state = this.jdbc.queryForList(
					"SELECT state FROM query.projection_rebuild " + "WHERE processor = ? AND started_at = ? FOR UPDATE",
					String.class, PROCESSOR, Timestamp.from(rebuild.startedAt()));
			if (state.equals(List.of("switching"))) {
				this.jdbc.update("UPDATE query.token_entry SET owner = ?, time_stamp = ? WHERE processor_name = ?",
						FENCE, NEVER, PROCESSOR);
				this.jdbc.update("UPDATE query.projection_rebuild SET state = 'catching-up', fenced_head = "
						+ "(SELECT coalesce(max(global_index), -1) FROM ledger.domain_event_entry) WHERE processor = ?",
						PROCESSOR);
			}
		});
	}

	/**
	 * Fences the shadow processor too, then switches (V12). Each step is safe to repeat
	 * and checks the state first, so a failure midway (a lock not granted within the
	 * switch's timeout, another instance doing the same) is taken up by the next round.
	 */
	private void switchOver(Rebuild rebuild) {
		boolean fenced = Boolean.TRUE.equals(this.transactions.execute((transaction) -> {
			List<String> state = this.jdbc.queryForList(
					"SELECT state FROM query.projection_rebuild " + "WHERE processor = ? AND started_at = ? FOR UPDATE",
					String.class, PROCESSOR, Timestamp.from(rebuild.startedAt()));
			if (!state.equals(List.of("catching-up"))) {
				return false;
			}
			this.jdbc.update("UPDATE query.token_entry SET owner = ?, time_stamp = ? WHERE processor_name = ?", FENCE,
					NEVER, SHADOW);
			return true;
		}));
		if (!fenced) {
			return;
		}
		long position = this.tokens.position(SHADOW);
		if (Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT query.switch_to_rebuilt_projections(?, ?, ?)",
				Boolean.class, PROCESSOR, SHADOW, position))) {
			RebuildStatus status = status(PROCESSOR);
			LOG.info(
					"rebuild of {} done: the rebuilt projections are live, {} positions in {} s ({} events/s); "
							+ "the live processor goes on from position {}",
					PROCESSOR, status.positionsTotal(),
					Duration.between(status.startedAt(), status.finishedAt()).toSeconds(), Math.round(status.rate()),
					position);
		}
	}

	private Optional<Rebuild> last(String name) {
		return this.jdbc.query("SELECT state, head, fenced_head, started_at, finished_at, positions_done "
				+ "FROM query.projection_rebuild WHERE processor = ?", (row, n) -> {
					Timestamp finished = row.getTimestamp("finished_at");
					return new Rebuild(row.getString("state"), row.getLong("head"), row.getLong("fenced_head"),
							row.getTimestamp("started_at").toInstant(),
							(finished != null) ? finished.toInstant() : null, row.getLong("positions_done"));
				}, name)
			.stream()
			.findFirst();
	}

	private void gauge(MeterRegistry meters, String metric, String unit, ToDoubleFunction<RebuildStatus> value) {
		Gauge.builder(metric, this, (rebuild) -> {
			RebuildStatus status = rebuild.latest;
			return (status != null) ? value.applyAsDouble(status) : Double.NaN;
		}).tag("processor", PROCESSOR).baseUnit(unit).register(meters);
	}

	private static void rebuildable(String name) {
		if (!PROCESSOR.equals(name)) {
			throw new IllegalArgumentException(
					"there is no rebuildable processor " + name + " (the projections are all in " + PROCESSOR + ")");
		}
	}

	private static String startedBy() {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		return (user != null) ? user.getName() : "unknown";
	}

	private long head() {
		Long head = this.jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM ledger.domain_event_entry",
				Long.class);
		return (head != null) ? head : -1;
	}

	/**
	 * A rebuild as observed. {@code state}: {@code live} (never rebuilt),
	 * {@code replaying}, {@code switching}, {@code catching-up}, {@code done} or
	 * {@code cancelled} (no ETA); positions are global indexes of the event store (while
	 * replaying, where every shadow segment stands; once done, where they stood at the
	 * switch); {@code parkedEvents}: events the live processor holds parked now (GET
	 * /api/v1/admin/projections/{processor}/parked).
	 */
	public record RebuildStatus(String processor, String state, long positionsDone, long positionsTotal, Double rate,
			Long etaSeconds, Instant startedAt, Instant finishedAt, long parkedEvents) {
	}

	/** A row of {@code query.projection_rebuild}. */
	/**
	 * @param fencedHead the store's head when the live processor was fenced (0 before)
	 */
	private record Rebuild(String state, long head, long fencedHead, Instant startedAt, Instant finishedAt,
			long positionsDone) {
	}

}
