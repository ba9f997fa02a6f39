package kz.consentledger.query.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.query.api.Csv;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.audit.AccessAudit;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's data: the overview of one operator, and each of its tables as JSON or
 * CSV. Lists that name subjects are recorded in the access audit; the overview holds
 * counts only.
 */
@RestController
class DashboardController {

	static final List<String> OVERVIEW_TABLES = List.of("purposes", "categories", "monthly", "policies", "recipients",
			"countries", "expiry");

	static final List<String> LISTS = List.of("activity", "sharing", "violations", "refusals", "expiring-consents");

	private final Dashboard dashboard;

	private final DashboardLists lists;

	private final AccessAudit audit;

	private final Clock clock;

	DashboardController(Dashboard dashboard, DashboardLists lists, AccessAudit audit, Clock clock) {
		this.dashboard = dashboard;
		this.lists = lists;
		this.audit = audit;
		this.clock = clock;
	}

	@Operation(
			summary = "One operator's dashboard: headline figures and the overview's tables, from pre-aggregated counters")
	@GetMapping("/api/v1/operators/{operator}/dashboard")
	Dashboard.Overview overview(@PathVariable String operator) {
		return this.dashboard.overview(operator, this.clock.instant());
	}

	@Operation(summary = "One dashboard table as JSON or CSV (format=csv): an overview table ("
			+ "purposes, categories, monthly, policies, recipients, countries, expiry) or a filtered, paged list "
			+ "(activity, sharing, violations, refusals, expiring-consents)")
	@GetMapping(path = "/api/v1/operators/{operator}/dashboard/tables/{table}",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> table(HttpServletRequest request, @PathVariable String operator, @PathVariable String table,
			@RequestParam(defaultValue = "json") String format,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String purpose, @RequestParam(required = false) String recipient,
			@RequestParam(required = false) String country, @RequestParam(required = false) String verdict,
			@RequestParam(defaultValue = "30") int days, @RequestParam(required = false) Integer limit,
			@RequestParam(defaultValue = "0") int offset) {
		boolean csv = Csv.requested(format);
		// A page on screen, everything (up to the cap) in a download.
		int rows = (limit != null) ? limit : (csv ? DashboardLists.MAX_LIMIT : 50);
		Filters filters = new Filters(Optional.ofNullable(from), Optional.ofNullable(to), blankless(purpose),
				blankless(recipient), blankless(country), blankless(verdict), rows, offset);
		Table result = find(request, operator, table, filters, days);
		if (!csv) {
			return ResponseEntity.ok(result);
		}
		return Csv.download(operator + "-" + table + ".csv", Csv.of(result.columns(), result.rows()));
	}

	private Table find(HttpServletRequest request, String operator, String table, Filters filters, int days) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), Dashboard.ZONE);
		if (OVERVIEW_TABLES.contains(table)) {
			return this.dashboard.overview(operator, this.clock.instant()).tables().get(table);
		}
		if (table.equals("activity")) {
			return this.dashboard.daily(operator, filters.from().orElse(today.minusDays(89)),
					filters.to().orElse(today));
		}
		if (!LISTS.contains(table)) {
			throw new NotFoundException("table", "no dashboard table " + table + " (tables: "
					+ String.join(", ", OVERVIEW_TABLES) + ", " + String.join(", ", LISTS) + ")");
		}
		return this.audit.recording(request, "dashboard-" + table, operator, null, () -> switch (table) {
			case "sharing" -> this.lists.sharing(operator, filters);
			case "violations" -> this.lists.violations(operator, filters);
			case "refusals" -> this.lists.refusals(operator, filters);
			default -> this.lists.expiring(operator, today, days, filters);
		});
	}

	private static Optional<String> blankless(String value) {
		return Optional.ofNullable(value).map(String::strip).filter((v) -> !v.isEmpty());
	}

}
