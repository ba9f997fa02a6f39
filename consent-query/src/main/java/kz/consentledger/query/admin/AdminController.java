package kz.consentledger.query.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import kz.consentledger.query.consent.ConsentAgreement;
import kz.consentledger.query.consent.CurrentConsentProjection;
import kz.consentledger.query.store.ProcessorTokens;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rebuild of projections and checksums of their tables. */
@RestController
class AdminController {

	/** Each projection table with the order that makes its checksum deterministic. */
	static final Map<String, String> PROJECTION_TABLES = Map.of("query.subject", "operator, subject",
			"query.current_consent", "operator, subject, purpose", "query.history_entry", "global_index",
			"query.policy_version", "operator, version", "query.dashboard_total", "operator, metric, key",
			"query.duty_clock", "operator, subject, clock_source, clock_event_id", "query.duty_closing",
			"operator, subject, source, event_id");

	private final ProjectionRebuild rebuild;

	private final JdbcTemplate jdbc;

	private final ConsentAgreement agreement;

	private final ProcessorTokens tokens;

	AdminController(ProjectionRebuild rebuild, JdbcTemplate jdbc, ConsentAgreement agreement, ProcessorTokens tokens) {
		this.rebuild = rebuild;
		this.jdbc = jdbc;
		this.agreement = agreement;
		this.tokens = tokens;
	}

	@Operation(summary = "Compare the current-consent projection with the one fold of each subject's events "
			+ "(subjects with events still in flight or parked are skipped)")
	@GetMapping("/api/v1/admin/agreement")
	ConsentAgreement.Report agreement(@RequestParam(required = false) String operator) {
		return this.agreement.check(Optional.ofNullable(operator),
				this.tokens.position(CurrentConsentProjection.GROUP));
	}

	@Operation(summary = "Rebuild a processor's projections from the event store (progress: GET the same path)")
	@PostMapping("/api/v1/admin/projections/{processor}/rebuild")
	@ResponseStatus(HttpStatus.ACCEPTED)
	ProjectionRebuild.RebuildStatus rebuild(@PathVariable String processor) {
		return this.rebuild.start(processor);
	}

	@Operation(summary = "Cancel the running rebuild of a processor's projections, before its switch")
	@DeleteMapping("/api/v1/admin/projections/{processor}/rebuild")
	ProjectionRebuild.RebuildStatus cancelRebuild(@PathVariable String processor) {
		return this.rebuild.cancel(processor);
	}

	@Operation(summary = "Progress of the last rebuild of a processor's projections")
	@GetMapping("/api/v1/admin/projections/{processor}/rebuild")
	ProjectionRebuild.RebuildStatus status(@PathVariable String processor) {
		return this.rebuild.status(processor);
	}

	@Operation(summary = "MD5 of every projection table's rows in key order: equal checksums, equal projections")
	@GetMapping("/api/v1/admin/projections/checksums")
	Map<String, String> checksums() {
		Map<String, String> checksums = new LinkedHashMap<>();
		for (String table : new TreeSet<>(PROJECTION_TABLES.keySet())) {
			checksums
				.put(table,
						this.jdbc.queryForObject(
								"SELECT coalesce(md5(string_agg(t::text, E'\\n' ORDER BY "
										+ PROJECTION_TABLES.get(table) + ")), 'empty') FROM " + table + " t",
								String.class));
		}
		return checksums;
	}

}
