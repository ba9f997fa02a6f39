package kz.consentledger.query.dashboard;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kz.consentledger.events.EventKind;
import kz.consentledger.query.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The figures of one operator's overview, computed from the pre-aggregated counters
 * ({@code query.dashboard_total}): one indexed read of a few thousand rows at most,
 * however many subjects and events the operator has.
 */
@Component
class Dashboard {

	/** Kazakhstan's time zone: days and months of the dashboard are local days. */
	static final ZoneId ZONE = ZoneId.of("Asia/Almaty");

	static final int EXPIRY_WINDOW_DAYS = 30;

	static final int ACTIVITY_MONTHS = 12;

	/**
	 * Columns of the activity tables: every kind of a subject's events, then the
	 * verdicts, counted per day.
	 */
	static final Map<String, String> ACTIVITY = activity();

	/** The column of each activity type, in the order of {@link #ACTIVITY}. */
	private static final Map<String, Integer> ACTIVITY_COLUMNS = columns(ACTIVITY);

	private final JdbcTemplate jdbc;

	Dashboard(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Overview overview(String operator, Instant now) {
		LocalDate today = LocalDate.ofInstant(now, ZONE);
		List<Counter> counters = counters(operator);
		Map<String, Long> figures = new LinkedHashMap<>();
		figures.put("subjects", sum(counters, "subjects", (key) -> true));
		figures.put("activeConsents", sum(counters, "consent", (key) -> key.get(1).equals("active")));
		figures.put("withdrawnConsents", sum(counters, "consent", (key) -> key.get(1).equals("withdrawn")));
		figures.put("pendingRefusals", sum(counters, "refusal-pending", (key) -> true));
		figures.put("refusedWithdrawals",
				sum(counters, "daily", (key) -> key.get(1).equals(EventKind.CONSENT_WITHDRAWAL_REFUSED.id())));
		figures.put("violations", sum(counters, "daily", (key) -> key.get(1).equals("violation")));
		figures.put("lateStops", sum(counters, "daily", (key) -> key.get(1).equals("late-stop")));
		figures.put("shares", sum(counters, "sharing", (key) -> true));
		figures.put("crossBorderShares", sum(counters, "sharing", (key) -> crossBorder(key.get(3))));
		String todayText = today.toString();
		String windowEnd = today.plusDays(EXPIRY_WINDOW_DAYS).toString();
		figures.put("expiringSoon", sum(counters, "expiry",
				(key) -> key.get(0).compareTo(todayText) >= 0 && key.get(0).compareTo(windowEnd) < 0));
		figures.put("expiredStillActive", sum(counters, "expiry", (key) -> key.get(0).compareTo(todayText) < 0));
		figures.put("explicitAcceptances", sum(counters, "acceptance", (key) -> "explicit".equals(key.get(1))));
		figures.put("implicitAcceptances", sum(counters, "acceptance", (key) -> "implicit".equals(key.get(1))));
		Table policies = policies(operator, counters, now);
		long onOlder = 0;
		for (List<Object> row : policies.rows()) {
			if (!Boolean.TRUE.equals(row.get(2))) {
				onOlder += (Long) row.get(3) + (Long) row.get(4) + (Long) row.get(5);
			}
		}
		figures.put("subjectsOnOlderPolicy", onOlder);
		figures.put("subjectsWithoutAcceptance", figures.get("subjects") - sum(counters, "policy", (key) -> true));

		Map<String, Table> tables = new LinkedHashMap<>();
		tables.put("purposes", purposes(counters));
		tables.put("categories", categories(counters));
		tables.put("monthly", monthly(counters, YearMonth.from(today).minusMonths(ACTIVITY_MONTHS - 1)));
		tables.put("policies", policies);
		tables.put("recipients", recipients(counters));
		tables.put("countries", countries(counters));
		tables.put("expiry", expiry(counters, today));
		return new Overview(operator, now, today, figures, tables);
	}

	/** Events per local day between two days (inclusive), from the counters. */
	Table daily(String operator, LocalDate from, LocalDate to) {
		Map<String, long[]> days = new TreeMap<>();
		List<Counter> daily = this.jdbc.query("""
				SELECT metric, key, n FROM query.dashboard_total
				WHERE operator = ? AND metric = 'daily' AND key[1] BETWEEN ? AND ?""", Dashboard::counter, operator,
				from.toString(), to.toString());
		for (Counter counter : daily) {
			if (ACTIVITY.containsKey(counter.key().get(1))) {
				add(days, counter.key().get(0), counter.key().get(1), counter.n());
			}
		}
		return activityTable("activity", "day", days);
	}

	private List<Counter> counters(String operator) {
		return this.jdbc.query("SELECT metric, key, n FROM query.dashboard_total WHERE operator = ?",
				Dashboard::counter, operator);
	}

	private static Counter counter(ResultSet row, int rowNumber) throws SQLException {
		return new Counter(row.getString("metric"), strings(row.getArray("key")), row.getLong("n"));
	}

	private static Table purposes(List<Counter> counters) {
		Map<String, long[]> purposes = new TreeMap<>();
		for (Counter counter : counters) {
			if (counter.metric().equals("consent")) {
				int column = counter.key().get(1).equals("active") ? 0 : 1;
				purposes.computeIfAbsent(counter.key().get(0), (p) -> new long[3])[column] += counter.n();
			}
			else if (counter.metric().equals("refusal-pending")) {
				purposes.computeIfAbsent(counter.key().get(0), (p) -> new long[3])[2] += counter.n();
			}
		}
		List<List<Object>> rows = new ArrayList<>();
		purposes.forEach((purpose, n) -> rows.add(List.of(purpose, n[0], n[1], n[2])));
		rows.sort(Comparator.comparing((List<Object> row) -> -(Long) row.get(1)));
		return Table.of("purposes", List.of("purpose", "active", "withdrawn", "pendingRefusals"), rows);
	}

	private static Table categories(List<Counter> counters) {
		List<List<Object>> rows = new ArrayList<>();
		for (Counter counter : counters) {
			if (counter.metric().equals("category")) {
				rows.add(List.of(counter.key().get(0), counter.key().get(1), counter.n()));
			}
		}
		rows.sort(Comparator.comparing((List<Object> row) -> (String) row.get(0))
			.thenComparing((row) -> -(Long) row.get(2)));
		return Table.of("categories", List.of("purpose", "category", "active"), rows);
	}

	private static Table monthly(List<Counter> counters, YearMonth first) {
		Map<String, long[]> months = new TreeMap<>();
		for (YearMonth month = first; months.size() < ACTIVITY_MONTHS; month = month.plusMonths(1)) {
			months.put(month.toString(), new long[ACTIVITY.size()]);
		}
		for (Counter counter : counters) {
			if (counter.metric().equals("daily") && ACTIVITY.containsKey(counter.key().get(1))) {
				String month = counter.key().get(0).substring(0, 7);
				if (months.containsKey(month)) {
					add(months, month, counter.key().get(1), counter.n());
				}
			}
		}
		return activityTable("monthly", "month", months);
	}

	private Table policies(String operator, List<Counter> counters, Instant now) {
		Map<String, Object[]> versions = new LinkedHashMap<>();
		this.jdbc.query(
				"SELECT version, effective_at FROM query.policy_version WHERE operator = ? ORDER BY effective_at",
				(row) -> {
					versions.put(row.getString("version"),
							new Object[] { Sql.instant(row, "effective_at"), new long[5] });
				}, operator);
		String current = null;
		for (Map.Entry<String, Object[]> version : versions.entrySet()) {
			if (!((Instant) version.getValue()[0]).isAfter(now)) {
				current = version.getKey();
			}
		}
		for (Counter counter : counters) {
			if (counter.metric().equals("policy") || counter.metric().equals("acceptance")) {
				long[] n = (long[]) versions.computeIfAbsent(counter.key().get(0),
						(v) -> new Object[] { null, new long[5] })[1];
				boolean explicit = "explicit".equals(counter.key().get(1));
				if (counter.metric().equals("acceptance")) {
					n[explicit ? 3 : 4] += counter.n();
				}
				else if (!"valid".equals(counter.key().get(2))) {
					n[2] += counter.n();
				}
				else {
					n[explicit ? 0 : 1] += counter.n();
				}
			}
		}
		List<List<Object>> rows = new ArrayList<>();
		for (Map.Entry<String, Object[]> version : versions.entrySet()) {
			long[] n = (long[]) version.getValue()[1];
			rows.add(Arrays.asList(version.getKey(), version.getValue()[0], version.getKey().equals(current), n[0],
					n[1], n[2], n[3], n[4]));
		}
		return Table.of("policies", List.of("version", "effectiveAt", "current", "subjectsExplicit", "subjectsImplicit",
				"subjectsNotValid", "acceptancesExplicit", "acceptancesImplicit"), rows);
	}

	private static Table recipients(List<Counter> counters) {
		Map<List<String>, long[]> recipients = new LinkedHashMap<>();
		for (Counter counter : counters) {
			if (counter.metric().equals("sharing")) {
				long[] n = recipients.computeIfAbsent(counter.key().subList(0, 4), (r) -> new long[3]);
				n[0] += counter.n();
				String verdict = counter.key().get(4);
				if ("violation".equals(verdict)) {
					n[1] += counter.n();
				}
				else if ("late-stop".equals(verdict)) {
					n[2] += counter.n();
				}
			}
		}
		List<List<Object>> rows = new ArrayList<>();
		recipients.forEach((key, n) -> rows.add(Arrays.asList(key.get(0), key.get(1), key.get(2), key.get(3),
				crossBorder(key.get(3)), n[0], n[1], n[2])));
		rows.sort(Comparator.comparing((List<Object> row) -> -(Long) row.get(5)));
		return Table.of("recipients", List.of("kind", "recipientId", "recipient", "country", "crossBorder", "shares",
				"violations", "lateStops"), rows);
	}

	private static Table countries(List<Counter> counters) {
		Map<String, long[]> countries = new TreeMap<>();
		Map<String, java.util.Set<String>> recipients = new TreeMap<>();
		for (Counter counter : counters) {
			if (counter.metric().equals("sharing")) {
				String country = String.valueOf(counter.key().get(3));
				long[] n = countries.computeIfAbsent(country, (c) -> new long[2]);
				n[0] += counter.n();
				if ("violation".equals(counter.key().get(4))) {
					n[1] += counter.n();
				}
				recipients.computeIfAbsent(country, (c) -> new java.util.TreeSet<>()).add(counter.key().get(1));
			}
		}
		List<List<Object>> rows = new ArrayList<>();
		countries.forEach((country, n) -> rows
			.add(List.of(country, crossBorder(country), n[0], (long) recipients.get(country).size(), n[1])));
		rows.sort(Comparator.comparing((List<Object> row) -> -(Long) row.get(2)));
		return Table.of("countries", List.of("country", "crossBorder", "shares", "recipients", "violations"), rows);
	}

	private static Table expiry(List<Counter> counters, LocalDate today) {
		Map<String, Long> days = new TreeMap<>();
		String end = today.plusDays(EXPIRY_WINDOW_DAYS).toString();
		for (Counter counter : counters) {
			String day = counter.metric().equals("expiry") ? counter.key().get(0) : null;
			if (day != null && day.compareTo(today.toString()) >= 0 && day.compareTo(end) < 0) {
				days.merge(day, counter.n(), Long::sum);
			}
		}
		List<List<Object>> rows = new ArrayList<>();
		days.forEach((day, n) -> rows.add(List.of(day, n)));
		return Table.of("expiry", List.of("day", "consents"), rows);
	}

	private static Table activityTable(String name, String period, Map<String, long[]> periods) {
		List<String> columns = new ArrayList<>();
		columns.add(period);
		columns.addAll(ACTIVITY.values());
		List<List<Object>> rows = new ArrayList<>();
		periods.forEach((key, n) -> {
			List<Object> row = new ArrayList<>();
			row.add(key);
			for (long value : n) {
				row.add(value);
			}
			rows.add(row);
		});
		return Table.of(name, columns, rows);
	}

	private static void add(Map<String, long[]> periods, String period, String type, long n) {
		periods.computeIfAbsent(period, (p) -> new long[ACTIVITY.size()])[ACTIVITY_COLUMNS.get(type)] += n;
	}

	private static long sum(List<Counter> counters, String metric,
			java.util.function.Predicate<List<String>> keyFilter) {
		long sum = 0;
		for (Counter counter : counters) {
			if (counter.metric().equals(metric) && keyFilter.test(counter.key())) {
				sum += counter.n();
			}
		}
		return sum;
	}

	static boolean crossBorder(String country) {
		return country != null && !"KZ".equals(country);
	}

	private static List<String> strings(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}

	private static Map<String, Integer> columns(Map<String, String> activity) {
		Map<String, Integer> columns = new LinkedHashMap<>();
		activity.keySet().forEach((type) -> columns.put(type, columns.size()));
		return columns;
	}

	private static Map<String, String> activity() {
		Map<String, String> columns = new LinkedHashMap<>();
		EventKind.subjectKinds().forEach((kind) -> columns.put(kind.id(), activityColumn(kind)));
		columns.put("violation", "violations");
		columns.put("late-stop", "lateStops");
		return columns;
	}

	/** A switch over every kind: a new kind does not compile until it has a column. */
	private static String activityColumn(EventKind kind) {
		return switch (kind) {
			case CONSENT_GRANTED -> "granted";
			case CONSENT_WITHDRAWN -> "withdrawn";
			case CONSENT_WITHDRAWAL_REFUSED -> "refused";
			case POLICY_ACCEPTED -> "accepted";
			case DATA_SHARED -> "shared";
			case JUDGMENT_REVISED -> "revised";
			case SUBJECT_ERASED -> "erased";
			case DESTRUCTION_DUE -> "destructionsDue";
			case DATA_DESTROYED -> "destroyed";
			case PROCESSING_ENDED -> "processingEnded";
			case REQUEST_RECEIVED -> "requests";
			case REQUEST_ANSWERED -> "answers";
			case POLICY_PUBLISHED -> throw new IllegalArgumentException("a policy publication has no history entry");
		};
	}

	/** One counter: a metric, its key, and the count. */
	record Counter(String metric, List<String> key, long n) {
	}

	/** What the overview page shows. */
	record Overview(String operator, Instant generatedAt, LocalDate today, Map<String, Long> figures,
			Map<String, Table> tables) {
	}

}
