package kz.consentledger.query.duty;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.query.api.Csv;
import kz.consentledger.query.api.InvalidParameterException;
import kz.consentledger.query.api.PageView;
import kz.consentledger.query.audit.AccessAudit;
import kz.consentledger.query.shard.ShardFanOut;
import kz.consentledger.service.security.OperatorScope;
import kz.consentledger.service.security.Role;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The duties' clocks: one operator's worklist and retention report (its DPO, or a
 * regulator of it), and the clocks across operators (regulators; a DPO gets its own
 * operators). JSON, or CSV with {@code format=csv} or {@code Accept: text/csv}; every
 * list names subjects, so every read is in the access audit.
 */
@RestController
class DutyController {

	/** Rows of a CSV download: everything up to this. */
	static final int CSV_ROWS = 100_000;

	private final DutyClocks clocks;

	private final AccessAudit audit;

	private final Clock clock;

	private final ShardFanOut shards;

	DutyController(DutyClocks clocks, AccessAudit audit, Clock clock, ShardFanOut shards) {
		this.clocks = clocks;
		this.audit = audit;
		this.clock = clock;
		this.shards = shards;
	}

	@Operation(summary = "One operator's duty clocks on a day (today in Asia/Almaty unless on=YYYY-MM-DD): "
			+ "state due, met, late or overdue; kind access, correction, blocking, destruction-request, objection, "
			+ "destruction, retention or withdrawal-stop; open ones first, soonest due first")
	@GetMapping(path = "/api/v1/operators/{operator}/clocks",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> operatorClocks(HttpServletRequest request, @PathVariable String operator,
			@RequestParam(required = false) String state, @RequestParam(required = false) String kind,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on,
			@RequestParam(required = false) String format, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return list(request, "duty-clocks", operator, format, operator + "-clocks.csv", page, size,
				(p, s) -> this.clocks.clocks(Optional.of(Set.of(operator)), blankless(state), blankless(kind), day(on),
						p, s));
	}

	@Operation(summary = "One operator's retention report on a day: subjects past their destroy-by date (state "
			+ "overdue) and those whose policy version states no retention rule (state no-rule), not yet destroyed")
	@GetMapping(path = "/api/v1/operators/{operator}/retention",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> retention(HttpServletRequest request, @PathVariable String operator,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on,
			@RequestParam(required = false) String format, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return list(request, "retention", operator, format, operator + "-retention.csv", page, size,
				(p, s) -> this.clocks.retention(operator, day(on), p, s));
	}

	@Operation(summary = "Duty clocks across operators on a day, for regulators (a DPO's own operators only; "
			+ "without operator, every operator the account may read)")
	@GetMapping(path = "/api/v1/clocks", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> allClocks(HttpServletRequest request, HttpServletResponse response, Authentication account,
			@RequestParam(required = false) String operator, @RequestParam(required = false) String state,
			@RequestParam(required = false) String kind,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on,
			@RequestParam(required = false) String format, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		Optional<Set<String>> operators = readable(account, blankless(operator));
		// Not merged across shards (a page of each would not make a page of all): the
		// answer says it is this shard's only. With an operator, ShardRouting has sent
		// the request to that operator's shard, which holds all of it.
		if (blankless(operator).isEmpty()) {
			this.shards.cover(response, false);
		}
		return list(request, "duty-clocks-all", blankless(operator).orElse(null), format, "clocks.csv", page, size,
				(p, s) -> this.clocks.clocks(operators, blankless(state), blankless(kind), day(on), p, s));
	}

	/**
	 * The operators the account may read clocks of: the one named, if it may; otherwise
	 * all of its operators (empty: every operator).
	 */
	private static Optional<Set<String>> readable(Authentication account, Optional<String> operator) {
		if (operator.isPresent()) {
			String named = operator.get();
			if (!OperatorScope.may(account, Role.DPO, named) && !OperatorScope.may(account, Role.REGULATOR, named)) {
				throw new AccessDeniedException(
						"account '" + account.getName() + "' has no dpo or regulator role for operator " + named);
			}
			return Optional.of(Set.of(named));
		}
		if (OperatorScope.mayForAll(account, Role.REGULATOR) || OperatorScope.mayForAll(account, Role.DPO)) {
			return Optional.empty();
		}
		TreeSet<String> own = OperatorScope.operators(account);
		own.remove(OperatorScope.ALL);
		return Optional.of(own);
	}

	private ResponseEntity<?> list(HttpServletRequest request, String action, String operator, String format,
			String filename, int page, int size, Page read) {
		boolean csv = csv(format, request.getHeader(HttpHeaders.ACCEPT));
		if (!csv) {
			PageView.check(page, size);
		}
		// A page on screen, everything (up to the cap) in a download.
		Supplier<PageView<ClockView>> rows = csv ? () -> read.of(0, CSV_ROWS) : () -> read.of(page, size);
		PageView<ClockView> result = this.audit.recording(request, action, operator, null, rows);
		if (!csv) {
			return ResponseEntity.ok(result);
		}
		return Csv.download(filename,
				Csv.of(ClockView.COLUMNS, result.items().stream().map(ClockView::csvRow).toList()));
	}

	/**
	 * CSV when {@code format=csv}, or without a format when the Accept header prefers
	 * text/csv to JSON.
	 */
	static boolean csv(String format, String accept) {
		if (format != null) {
			return Csv.requested(format);
		}
		if (accept == null) {
			return false;
		}
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			return quality(types, Csv.TEXT_CSV) > quality(types, MediaType.APPLICATION_JSON);
		}
		catch (InvalidMediaTypeException ex) {
			throw new IllegalArgumentException("Accept holds an invalid media type: " + ex.getMessage());
		}
	}

	private static double quality(List<MediaType> accepted, MediaType type) {
		return accepted.stream()
			.filter((a) -> a.includes(type))
			.mapToDouble(MediaType::getQualityValue)
			.max()
			.orElse(0);
	}

	private LocalDate day(LocalDate on) {
		// PostgreSQL's dates end long before LocalDate's: a far year is the caller's
		// error,
		// not the database's.
		if (on != null && (on.getYear() < 1900 || on.getYear() > 9999)) {
			throw new InvalidParameterException("on", "must be a date from 1900-01-01 to 9999-12-31");
		}
		return (on != null) ? on : LocalDate.ofInstant(this.clock.instant(), KazakhstanCalendar.ZONE);
	}

	private static Optional<String> blankless(String value) {
		return Optional.ofNullable(value).map(String::strip).filter((v) -> !v.isEmpty());
	}

	/** Reads one page of a list. */
	@FunctionalInterface
	private interface Page {

		PageView<ClockView> of(int page, int size);

	}

}
