package kz.consentledger.deploy.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the order in which a filled store's events arrived through a cache of subjects
 * that evicts the least recently used, and counts what sourcing the evicted subjects
 * again reads back: how many times a known subject was missing from the cache, and how
 * many of its stored events were read for it. The command service's Ehcache heap tier
 * evicts the least recently used of a sample of eight, so this is close to, not exactly,
 * what it does. For each snapshot interval it also counts the events read back had every
 * stream kept a snapshot every that many events, and how many snapshots that writes:
 * whether snapshots, or a larger cache, would shorten sourcing at scale
 * (docs/benchmarks.md, Scale).
 * <p>
 * {@code CacheSimulation <jdbc-url> <user> <password> <capacities> <snapshot intervals>
 * <every>}, e.g. {@code ... 100000,200000,400000 20,100 1000000}: the figures after every
 * {@code every} events, and at the end.
 */
public final class CacheSimulation {

	private final int[] capacities;

	private final int[] intervals;

	private final List<Map<String, Boolean>> caches = new ArrayList<>();

	private final Map<String, int[]> stored = new HashMap<>();

	private final long[] misses;

	private final long[] readBack;

	private final long[] readBackWithSnapshots;

	private final long[] snapshots;

	private long events;

	CacheSimulation(int[] capacities, int[] intervals) {
		this.capacities = capacities;
		this.intervals = intervals;
		for (int capacity : capacities) {
			this.caches.add(new LinkedHashMap<>(capacity * 2, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
					return size() > capacity;
				}
			});
		}
		this.misses = new long[capacities.length];
		this.readBack = new long[capacities.length];
		this.readBackWithSnapshots = new long[intervals.length];
		this.snapshots = new long[intervals.length];
	}

	public static void main(String[] args) throws SQLException {
		if (args.length != 6) {
			throw new IllegalArgumentException(
					"usage: CacheSimulation <jdbc-url> <user> <password> <capacities> <snapshot intervals> <every>");
		}
		CacheSimulation simulation = new CacheSimulation(numbers(args[3]), numbers(args[4]));
		long every = Long.parseLong(args[5]);
		Database database = new Database(args[0], args[1], args[2]);
		System.out.println(simulation.header());
		try (Connection connection = database.connect()) {
			// A cursor: the store's ids do not have to fit in memory at once.
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT aggregate_identifier FROM ledger.domain_event_entry ORDER BY global_index")) {
				statement.setFetchSize(10_000);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						simulation.arrived(rows.getString(1));
						if (simulation.events % every == 0) {
							System.out.println(simulation.row());
						}
					}
				}
			}
		}
		if (simulation.events % every != 0) {
			System.out.println(simulation.row());
		}
	}

	/**
	 * A subject's stream is named {@code <operator>:<subject>}; an operator's stream,
	 * read on every use (PolicyCatalogue), is never cached.
	 */
	void arrived(String stream) {
		this.events++;
		if (stream.indexOf(':') < 0) {
			return;
		}
		int[] count = this.stored.computeIfAbsent(stream, (id) -> new int[1]);
		int before = count[0];
		for (int i = 0; i < this.capacities.length; i++) {
			Map<String, Boolean> cache = this.caches.get(i);
			if (cache.get(stream) == null) {
				cache.put(stream, Boolean.TRUE);
				if (before > 0) {
					this.misses[i]++;
					this.readBack[i] += before;
					if (i == 0) {
						evictedWithSnapshots(before);
					}
				}
			}
		}
		count[0] = before + 1;
		for (int i = 0; i < this.intervals.length; i++) {
			if (count[0] % this.intervals[i] == 0) {
				this.snapshots[i]++;
			}
		}
	}

	/**
	 * With a snapshot every n events, sourcing reads the latest snapshot and the events
	 * after it.
	 */
	private void evictedWithSnapshots(int before) {
		for (int i = 0; i < this.intervals.length; i++) {
			int interval = this.intervals[i];
			this.readBackWithSnapshots[i] += (before % interval) + ((before >= interval) ? 1 : 0);
		}
	}

	String header() {
		StringBuilder header = new StringBuilder("| Stored events |");
		StringBuilder rule = new StringBuilder("|---:|");
		for (int capacity : this.capacities) {
			header.append(" cache %,d: misses (share of events) |".formatted(capacity));
			header.append(" events read back |");
			rule.append("---:|---:|");
		}
		for (int interval : this.intervals) {
			header.append(" cache %,d, a snapshot every %d events: read back (snapshots) |"
				.formatted(this.capacities[0], interval));
			rule.append("---:|");
		}
		return header + "\n" + rule;
	}

	String row() {
		StringBuilder row = new StringBuilder("| %,d |".formatted(this.events));
		for (int i = 0; i < this.capacities.length; i++) {
			row.append(" %,d (%.0f %%) | %,d |".formatted(this.misses[i], 100.0 * this.misses[i] / this.events,
					this.readBack[i]));
		}
		for (int i = 0; i < this.intervals.length; i++) {
			row.append(" %,d (%,d) |".formatted(this.readBackWithSnapshots[i], this.snapshots[i]));
		}
		return row.toString();
	}

	private static int[] numbers(String list) {
		return Arrays.stream(list.split(",")).mapToInt((number) -> Integer.parseInt(number.strip())).toArray();
	}

}
