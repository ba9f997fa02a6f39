package kz.consentledger.deploy.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import kz.consentledger.deploy.bench.BenchEvents.BenchEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end lag at a fixed offered load: events are produced at a steady rate, each
 * stamped with its send time (the record's timestamp), and a poller watches the history
 * projection for their ids; lag is the time from send to the row being visible. The
 * poller looks every {@link #POLL_MILLIS} ms, so a lag is overstated by at most that.
 * Segments commit out of order, so it reads every row above the processor's low
 * watermark: the lowest position below which every segment's token (which commits with
 * the rows) has seen everything. Rows below it are all visible, rows above it may still
 * appear in any order.
 */
final class LagProbe {

	static final int POLL_MILLIS = 10;

	/**
	 * The lowest position each segment's committed token (a GapAwareTrackingToken in
	 * JSON, inside a ReplayToken after a rebuild) has fully processed; null while a
	 * segment has no position.
	 */
	private static final String LOW_WATERMARK = """
			SELECT CASE WHEN bool_or(position IS NULL) THEN NULL ELSE min(position) END FROM (
			  SELECT least((t ->> 'index')::BIGINT,
			    (SELECT min(gap::BIGINT) - 1 FROM jsonb_array_elements_text(t -> 'gaps') AS gap)) AS position
			  FROM (SELECT coalesce(j -> 'currentToken', j) AS t
			        FROM (SELECT convert_from(token, 'UTF8')::JSONB AS j FROM query.token_entry
			              WHERE processor_name = 'consent-projections') AS stored) AS tokens) AS segments""";

	private final Database database;

	LagProbe(Database database) {
		this.database = database;
	}

	/**
	 * A delivered event: seconds after the load started that it was sent, its lag, and
	 * the part of it until the command service took it in (the history's
	 * {@code received_at}: when its batch began to be appended).
	 */
	record Point(double sentAtSeconds, double lagMillis, double receivedMillis) {
	}

	record Result(List<Point> points, int lost, double offeredRate) {
	}

	Result run(KafkaProducer<String, byte[]> producer, String topic, List<BenchEvent> events, double rate,
			long graceMillis, Consumer<BooleanSupplier> whileLoaded) throws Exception {
		Map<String, Long> pending = new ConcurrentHashMap<>();
		List<Point> points = new ArrayList<>();
		AtomicReference<Exception> failure = new AtomicReference<>();
		long loadStart = System.currentTimeMillis();
		long cursor = this.database.scalar("SELECT coalesce(max(global_index), 0) FROM query.history_entry");
		Thread poller = new Thread(() -> poll(pending, points, cursor, loadStart, failure), "lag-poller");
		AtomicBoolean loaded = new AtomicBoolean(true);
		Thread sideLoad = new Thread(() -> whileLoaded.accept(loaded::get), "query-under-load");
		poller.start();
		sideLoad.start();
		long startNanos = System.nanoTime();
		for (int i = 0; i < events.size(); i++) {
			long due = startNanos + (long) (i * 1e9 / rate);
			// Whole milliseconds: the events due meanwhile go out together, as they would
			// within the producer's linger anyway, and the generator wakes up once per
			// millisecond instead of once per event. Each event is stamped when it is
			// sent.
			if (due > System.nanoTime()) {
				Thread.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
			}
			BenchEvent event = events.get(i);
			long now = System.currentTimeMillis();
			pending.put(event.id(), now);
			producer.send(new ProducerRecord<>(topic, null, now, event.key(), event.json(), Benchmark.STRUCTURED));
		}
		producer.flush();
		double offered = events.size() / Baselines.seconds(startNanos);
		loaded.set(false);
		sideLoad.join();
		long deadline = System.currentTimeMillis() + graceMillis;
		while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
			Thread.sleep(100);
		}
		poller.interrupt();
		poller.join();
		if (failure.get() != null) {
			throw new IllegalStateException("the lag poller failed", failure.get());
		}
		if (!pending.isEmpty()) {
			explain(pending.keySet(), cursor);
		}
		synchronized (points) {
			return new Result(List.copyOf(points), pending.size(), offered);
		}
	}

	/**
	 * Says in the log where the events not seen are: in the history after all (the poller
	 * missed them), appended but without a history entry, or not in the ledger.
	 */
	private void explain(Set<String> unseen, long cursor) throws SQLException {
		int inHistory = 0;
		int ingested = 0;
		try (Connection connection = this.database.connect();
				PreparedStatement history = connection
					.prepareStatement("SELECT event_id FROM query.history_entry WHERE global_index > ?");
				PreparedStatement log = connection
					.prepareStatement("SELECT event_id FROM ledger.ingested_event WHERE event_id = ANY (?)")) {
			history.setLong(1, cursor);
			try (ResultSet rows = history.executeQuery()) {
				while (rows.next()) {
					inHistory += unseen.contains(rows.getString(1)) ? 1 : 0;
				}
			}
			log.setArray(1, connection.createArrayOf("varchar", unseen.toArray()));
			try (ResultSet rows = log.executeQuery()) {
				while (rows.next()) {
					ingested++;
				}
			}
		}
		Benchmark.log("%d events not seen within the grace period: %d are in the history now, %d were appended,"
				+ " %d are not in the ledger", unseen.size(), inHistory, ingested, unseen.size() - ingested);
	}

	/**
	 * Rows above the watermark may still appear in any order, so each poll lists them
	 * all, but by index only: reading every column of every row above it each 10 ms cost
	 * the harness and PostgreSQL half a core once a backlog built up, which the ledger
	 * then did not have. The columns are read once, for the rows not seen before.
	 */
	private void poll(Map<String, Long> pending, List<Point> points, long initialCursor, long loadStart,
			AtomicReference<Exception> failure) {
		long scanFrom = initialCursor;
		Set<Long> seen = new HashSet<>();
		try (Connection connection = this.database.connect();
				PreparedStatement watermark = connection.prepareStatement(LOW_WATERMARK);
				PreparedStatement above = connection
					.prepareStatement("SELECT global_index FROM query.history_entry WHERE global_index > ?");
				PreparedStatement details = connection.prepareStatement(
						"SELECT event_id, received_at" + " FROM query.history_entry WHERE global_index = ANY (?)")) {
			while (!Thread.currentThread().isInterrupted()) {
				// Every row at or below this watermark is visible now, so the next poll
				// (not this one, whose rows below it may have committed after the last
				// scan) can start there.
				long next;
				try (ResultSet row = watermark.executeQuery()) {
					row.next();
					long position = row.getLong(1);
					next = row.wasNull() ? scanFrom : Math.max(scanFrom, position);
				}
				above.setLong(1, scanFrom);
				List<Long> fresh = new ArrayList<>();
				try (ResultSet rows = above.executeQuery()) {
					while (rows.next()) {
						if (seen.add(rows.getLong(1))) {
							fresh.add(rows.getLong(1));
						}
					}
				}
				long seenAt = System.currentTimeMillis();
				if (!fresh.isEmpty()) {
					details.setArray(1, connection.createArrayOf("bigint", fresh.toArray()));
					try (ResultSet rows = details.executeQuery()) {
						while (rows.next()) {
							Long sentAt = pending.remove(rows.getString(1));
							if (sentAt != null) {
								synchronized (points) {
									points.add(new Point((sentAt - loadStart) / 1000.0, seenAt - sentAt,
											rows.getTimestamp(2).getTime() - sentAt));
								}
							}
						}
					}
				}
				scanFrom = next;
				long below = scanFrom;
				seen.removeIf((index) -> index <= below);
				Thread.sleep(POLL_MILLIS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (SQLException ex) {
			failure.set(ex);
		}
	}

}
