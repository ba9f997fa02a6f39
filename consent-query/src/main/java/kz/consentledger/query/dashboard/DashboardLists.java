package kz.consentledger.query.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import kz.consentledger.events.EventKind;
import kz.consentledger.query.privacy.SealedFieldOpener;
import kz.consentledger.query.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The lists behind the overview, newest first, filtered and paged: disclosures,
 * violations and late stops, refused withdrawals, consents expiring soon. Each reads an
 * index that starts with the operator, so one operator's list never scans another's rows.
 */
@Component
class DashboardLists {

	static final int MAX_LIMIT = 100_000;

	private final JdbcTemplate jdbc;

	private final SealedFieldOpener opener;

	DashboardLists(JdbcTemplate jdbc, SealedFieldOpener opener) {
		this.jdbc = jdbc;
		this.opener = opener;
	}

	Table sharing(String operator, Filters filters) {
		Where where = history(operator, filters).and("entry_type = ?", EventKind.DATA_SHARED.id());
		filters.verdict().ifPresent((verdict) -> where.and("verdict = ?", verdict));
		return page("sharing", List.of("occurredAt", "subject", "purpose", "kind", "recipient", "country",
				"crossBorder", "dataCategories", "legalBasis", "verdict"), where, filters, (row) -> {
					String country = text(row, "country");
					return Arrays.asList(Sql.instant(row, "occurred_at"), row.getString("subject"),
							text(row, "purpose"), text(row, "kind"), text(row, "recipient"), country,
							Dashboard.crossBorder(country), text(row, "categories"), text(row, "legal_basis"),
							row.getString("verdict"));
				});
	}

	Table violations(String operator, Filters filters) {
		Where where = history(operator, filters);
		String verdict = filters.verdict().orElse(null);
		if (verdict == null) {
			where.and("verdict IN ('violation', 'late-stop')");
		}
		else if (verdict.equals("violation") || verdict.equals("late-stop")) {
			where.and("verdict = ?", verdict);
		}
		else {
			throw new IllegalArgumentException("verdict must be violation or late-stop, not " + verdict);
		}
		return page("violations",
				List.of("occurredAt", "subject", "purpose", "recipient", "country", "verdict", "stopDueBy", "reasons",
						"eventId"),
				where, filters,
				(row) -> Arrays.asList(Sql.instant(row, "occurred_at"), row.getString("subject"), text(row, "purpose"),
						text(row, "recipient"), text(row, "country"), row.getString("verdict"),
						text(row, "stop_due_by"), text(row, "reasons"), row.getString("event_id")));
	}

	Table refusals(String operator, Filters filters) {
		Where where = history(operator, filters).and("entry_type = ?", EventKind.CONSENT_WITHDRAWAL_REFUSED.id());
		return page("refusals", List.of("occurredAt", "subject", "purposes", "channel", "reason", "detail"), where,
				filters,
				(row) -> Arrays.asList(Sql.instant(row, "occurred_at"), row.getString("subject"), text(row, "purposes"),
						text(row, "channel"), text(row, "refusal_reason"),
						this.opener.forSubject(operator, row.getString("subject")).open(text(row, "refusal_detail"))));
	}

	Table expiring(String operator, LocalDate today, int days, Filters filters) {
		if (days < 1 || days > 3660) {
			throw new IllegalArgumentException("days must be between 1 and 3660, not " + days);
		}
		Where where = new Where("operator = ?", operator).and("status = 'active'")
			.and("expires_at >= ?", Sql.timestamp(today.atStartOfDay(Dashboard.ZONE).toInstant()))
			.and("expires_at < ?", Sql.timestamp(today.plusDays(days).atStartOfDay(Dashboard.ZONE).toInstant()));
		filters.purpose().ifPresent((purpose) -> where.and("purpose = ?", purpose));
		List<Object> args = new ArrayList<>(where.args);
		args.add(filters.limit() + 1);
		args.add(filters.offset());
		List<List<Object>> rows = this.jdbc.query(
				"SELECT subject, purpose, expires_at, (SELECT string_agg(item, ', ') FROM jsonb_array_elements_text(data_categories) item) AS categories, policy_version "
						+ "FROM query.current_consent WHERE " + where.sql
						+ " ORDER BY expires_at, subject LIMIT ? OFFSET ?",
				(row, i) -> Arrays.asList(Sql.instant(row, "expires_at"), row.getString("subject"),
						row.getString("purpose"), row.getString("categories"), row.getString("policy_version")),
				args.toArray());
		return trimmed("expiring-consents",
				List.of("expiresAt", "subject", "purpose", "dataCategories", "policyVersion"), rows, filters);
	}

	private static Where history(String operator, Filters filters) {
		Where where = new Where("operator = ?", operator);
		filters.from()
			.ifPresent((from) -> where.and("occurred_at >= ?",
					Sql.timestamp(from.atStartOfDay(Dashboard.ZONE).toInstant())));
		filters.to()
			.ifPresent((to) -> where.and("occurred_at < ?",
					Sql.timestamp(to.plusDays(1).atStartOfDay(Dashboard.ZONE).toInstant())));
		filters.purpose().ifPresent((purpose) -> where.and("details ->> 'purpose' = ?", purpose));
		filters.recipient()
			.ifPresent((recipient) -> where.and(
					"(details -> 'recipient' ->> 'id' = ? OR details -> 'recipient' ->> 'name' = ?)", recipient,
					recipient));
		filters.country().ifPresent((country) -> where.and("details -> 'recipient' ->> 'country' = ?", country));
		return where;
	}

	private Table page(String name, List<String> columns, Where where, Filters filters, RowMapper mapper) {
		List<Object> args = new ArrayList<>(where.args);
		args.add(filters.limit() + 1);
		args.add(filters.offset());
		List<List<Object>> rows = this.jdbc.query(
				"""
						SELECT global_index, subject, occurred_at, verdict, event_id,
						  details ->> 'purpose' AS purpose, (SELECT string_agg(item, ', ') FROM jsonb_array_elements_text(details -> 'purposes') item) AS purposes,
						  details -> 'recipient' ->> 'kind' AS kind, details -> 'recipient' ->> 'name' AS recipient,
						  details -> 'recipient' ->> 'country' AS country, (SELECT string_agg(item, ', ') FROM jsonb_array_elements_text(details -> 'dataCategories') item) AS categories,
						  details ->> 'legalBasis' AS legal_basis, details ->> 'stopDueBy' AS stop_due_by,
						  (SELECT string_agg(item, ', ') FROM jsonb_array_elements_text(details -> 'reasons') item) AS reasons, details ->> 'channel' AS channel,
						  details -> 'refusal' ->> 'reason' AS refusal_reason, details -> 'refusal' ->> 'detail' AS refusal_detail
						FROM query.history_entry WHERE\s"""
						+ where.sql + " ORDER BY global_index DESC LIMIT ? OFFSET ?",
				(row, i) -> mapper.map(row), args.toArray());
		return trimmed(name, columns, rows, filters);
	}

	private static Table trimmed(String name, List<String> columns, List<List<Object>> rows, Filters filters) {
		boolean more = rows.size() > filters.limit();
		return new Table(name, columns, more ? rows.subList(0, filters.limit()) : rows, more);
	}

	private static String text(ResultSet row, String column) throws SQLException {
		return row.getString(column);
	}

	@FunctionalInterface
	private interface RowMapper {

		List<Object> map(ResultSet row) throws SQLException;

	}

	/** A conjunction of conditions with their arguments. */
	private static final class Where {

		private final StringBuilder sql;

		private final List<Object> args = new ArrayList<>();

		Where(String condition, Object arg) {
			this.sql = new StringBuilder(condition);
			this.args.add(arg);
		}

		Where and(String condition, Object... args) {
			this.sql.append(" AND ").append(condition);
			this.args.addAll(Arrays.asList(args));
			return this;
		}

	}

}
