package kz.consentledger.query.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.query.audit.AccessAudit;
import kz.consentledger.consent.PurposeConsent;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.parking.ParkedEvents;
import kz.consentledger.query.privacy.SealedFieldOpener;
import kz.consentledger.query.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Current consent of one subject. */
@RestController
class ConsentController {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final SealedFieldOpener opener;

	private final Clock clock;

	private final AccessAudit audit;

	private final ParkedEvents parked;

	ConsentController(JdbcTemplate jdbc, JsonMapper json, SealedFieldOpener opener, Clock clock, AccessAudit audit,
			ParkedEvents parked) {
		this.audit = audit;
		this.parked = parked;
		this.jdbc = jdbc;
		this.json = json;
		this.opener = opener;
		this.clock = clock;
	}

	@Operation(summary = "Subjects of one operator whose id starts with a prefix (up to 50), for the lookup")
	@GetMapping("/api/v1/operators/{operator}/subjects")
	List<SubjectMatch> search(HttpServletRequest request, @PathVariable String operator, @RequestParam String prefix,
			@RequestParam(defaultValue = "20") int limit) {
		if (prefix.isBlank()) {
			throw new IllegalArgumentException("prefix must not be blank");
		}
		if (limit < 1 || limit > 50) {
			throw new IllegalArgumentException("limit must be between 1 and 50, not " + limit);
		}
		String escaped = prefix.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return this.audit
			.recording(request, "search-subjects", operator, null,
					() -> this.jdbc
						.query("""
								SELECT subject, last_received_at, accepted_policy_version FROM query.subject
								WHERE operator = ? AND subject LIKE ? ORDER BY subject LIMIT ?""",
								(row, n) -> new SubjectMatch(row.getString("subject"),
										Sql.instant(row, "last_received_at"), row.getString("accepted_policy_version")),
								operator, escaped + "%", limit));
	}

	/** A subject found by the lookup. */
	record SubjectMatch(String subject, java.time.Instant lastReceivedAt, String acceptedPolicyVersion) {
	}

	@Operation(summary = "A subject's current consent per purpose at one operator")
	@GetMapping("/api/v1/operators/{operator}/subjects/{subject}/consents")
	SubjectConsentView consents(HttpServletRequest request, @PathVariable String operator,
			@PathVariable String subject) {
		return this.audit.recording(request, "read-consent", operator, subject, () -> read(operator, subject));
	}

	private SubjectConsentView read(String operator, String subject) {
		long parkedEvents = this.parked.ofSubject(operator, subject);
		List<SubjectConsentView> subjects = this.jdbc.query(
				"SELECT * FROM query.subject WHERE operator = ? AND subject = ?",
				(row, n) -> new SubjectConsentView(operator, subject,
						(row.getString("accepted_policy_version") != null) ? new SubjectConsentView.AcceptedPolicy(
								row.getString("accepted_policy_version"), row.getString("acceptance_mode"),
								row.getString("acceptance_validity"), Sql.instant(row, "accepted_at")) : null,
						List.of(), Sql.instant(row, "last_received_at"), parkedEvents > 0, parkedEvents),
				operator, subject);
		if (subjects.isEmpty() && parkedEvents > 0) {
			// Its first event is parked: known to the ledger, not yet to the projections.
			return new SubjectConsentView(operator, subject, null, List.of(), null, true, parkedEvents);
		}
		if (subjects.isEmpty()) {
			throw new NotFoundException("subject", "subject " + subject + " is not known at operator " + operator);
		}
		SealedFieldOpener.Reader sealed = this.opener.forSubject(operator, subject);
		Instant now = this.clock.instant();
		List<SubjectConsentView.PurposeConsent> purposes = this.jdbc.query(
				"SELECT * FROM query.current_consent WHERE operator = ? AND subject = ? ORDER BY purpose", (row, n) -> {
					PurposeConsent consent = ConsentRow.read(row, this.json);
					String status = consent.statusAt(now);
					String refusal = row.getString("pending_refusal");
					return new SubjectConsentView.PurposeConsent(consent.purpose(), status, consent.sinceAt(now),
							consent.dataCategories(), this.json.readTree(row.getString("recipients")),
							consent.crossBorderCountries(), consent.policyVersion(),
							new SubjectConsentView.GrantedBy(consent.grantedByKind(),
									sealed.open(consent.grantedByName())),
							consent.channel(), consent.language(), consent.grantedAt(), consent.expiresAt(),
							consent.withdrawnAt(), consent.withdrawalChannel(), consent.stopDueBy(),
							(refusal != null) ? sealed.openAll(this.json.readTree(refusal)) : null);
				}, operator, subject);
		SubjectConsentView view = subjects.get(0);
		return new SubjectConsentView(view.operator(), view.subject(), view.acceptedPolicy(), purposes,
				view.lastReceivedAt(), view.incomplete(), view.parkedEvents());
	}

}
