package kz.consentledger.query.duty;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import kz.consentledger.query.api.InvalidParameterException;
import kz.consentledger.query.api.PageView;
import kz.consentledger.query.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the clocks as of a day. The state is computed here, for that day, and never
 * stored: a clock opened after the day does not exist yet, and one closed after it is
 * still open then.
 */
@Component
class DutyClocks {

	/** What a clock's state can be on a day. */
	static final Set<String> STATES = Set.of("due", "met", "late", "overdue");

	private static final String STATED = """
			WITH asked AS (SELECT ?::date AS day),
			clocks AS (
			  SELECT d.*, CASE WHEN d.closed <= a.day THEN d.closed END AS closed_by_then,
			    CASE WHEN d.closed <= a.day THEN d.closing_source END AS closing_source_by_then,
			    CASE WHEN d.closed <= a.day THEN d.closing_event_id END AS closing_event_id_by_then,
			    CASE WHEN d.closed <= a.day THEN d.outcome END AS outcome_by_then, a.day
			  FROM query.duty_clock d CROSS JOIN asked a WHERE d.opened <= a.day AND %s),
			stated AS (
			  SELECT *, CASE WHEN closed_by_then IS NOT NULL
			      THEN CASE WHEN due_date IS NULL OR closed_by_then <= due_date THEN 'met' ELSE 'late' END
			    WHEN due_date IS NULL THEN 'no-rule'
			    WHEN day <= due_date THEN 'due' ELSE 'overdue' END AS state
			  FROM clocks)
			""";

	private static final String ORDER = " ORDER BY state IN ('due', 'overdue', 'no-rule') DESC, due_date NULLS LAST,"
			+ " opened, operator, subject, clock_source, clock_event_id";

	private final JdbcTemplate jdbc;

	DutyClocks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The clocks of {@code operators} (every operator when empty) in the state and of the
	 * kind asked for (any when empty), open ones first, soonest due first.
	 */
	PageView<ClockView> clocks(Optional<Set<String>> operators, Optional<String> state, Optional<String> kind,
			LocalDate on, int page, int size) {
		state.filter((s) -> !STATES.contains(s)).ifPresent((s) -> {
			throw new InvalidParameterException("state", "must be one of " + new java.util.TreeSet<>(STATES));
		});
		kind.filter((k) -> !Opening.KINDS.contains(k)).ifPresent((k) -> {
			throw new InvalidParameterException("kind", "must be one of " + new java.util.TreeSet<>(Opening.KINDS));
		});
		Query query = new Query(on, operators);
		query.where.append(" AND d.due_date IS NOT NULL");
		kind.ifPresent((k) -> query.clock("d.kind = ?", k));
		state.ifPresent((s) -> query.stated("state = ?", s));
		return query.page(page, size);
	}

	/**
	 * One operator's subjects past their destroy-by date ({@code overdue}) on {@code on},
	 * and those whose policy version states no retention ({@code no-rule}), both while
	 * not yet destroyed.
	 */
	PageView<ClockView> retention(String operator, LocalDate on, int page, int size) {
		Query query = new Query(on, Optional.of(Set.of(operator)));
		query.clock("d.kind = ?", Opening.RETENTION);
		query.stated("state IN ('overdue', 'no-rule')");
		return query.page(page, size);
	}

	/** A query's conditions on the stored clocks and on their computed state. */
	private final class Query {

		private final StringBuilder where = new StringBuilder("TRUE");

		private final List<Object> args = new ArrayList<>();

		private final StringBuilder statedWhere = new StringBuilder("TRUE");

		private final List<Object> statedArgs = new ArrayList<>();

		Query(LocalDate on, Optional<Set<String>> operators) {
			this.args.add(Sql.date(on));
			operators
				.ifPresent((named) -> clock("d.operator = ANY (?::char(12)[])", (Object) named.toArray(new String[0])));
		}

		void clock(String condition, Object... values) {
			this.where.append(" AND ").append(condition);
			this.args.addAll(List.of(values));
		}

		void stated(String condition, Object... values) {
			this.statedWhere.append(" AND ").append(condition);
			this.statedArgs.addAll(List.of(values));
		}

		PageView<ClockView> page(int page, int size) {
			String from = STATED.formatted(this.where) + "SELECT %s FROM stated WHERE " + this.statedWhere;
			List<Object> all = new ArrayList<>(this.args);
			all.addAll(this.statedArgs);
			Long total = DutyClocks.this.jdbc.queryForObject(from.formatted("count(*)"), Long.class, all.toArray());
			all.add(size);
			all.add((long) page * size);
			List<ClockView> items = DutyClocks.this.jdbc.query(from.formatted("*") + ORDER + " LIMIT ? OFFSET ?",
					(row, n) -> ClockView.read(row), all.toArray());
			return PageView.of(items, page, size, (total != null) ? total : 0);
		}

	}

}
