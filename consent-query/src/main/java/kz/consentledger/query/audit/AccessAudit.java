package kz.consentledger.query.audit;

import java.sql.Timestamp;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records accesses in {@code query.access_audit}. A read whose record cannot be written
 * fails: nothing is shown that is not recorded.
 */
@Component
public class AccessAudit {

	/** Why they ask: a case number, a request reference, a legal ground. */
	public static final String REASON_HEADER = "X-Access-Reason";

	static final String NOT_STATED = "not stated";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	AccessAudit(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Records a routine read; the reason is optional. */
	public void record(HttpServletRequest request, String action, String operator, String subject) {
		insert(request, action, operator, subject, reason(request));
	}

	/**
	 * Records a regulator-grade access (as-of query, export) whose reason is mandatory.
	 * @throws IllegalArgumentException when no reason is given
	 */
	public void recordWithReason(HttpServletRequest request, String action, String operator, String subject) {
		String reason = reason(request);
		if (NOT_STATED.equals(reason)) {
			throw new IllegalArgumentException("a reason is required for " + action + ": give it in the "
					+ REASON_HEADER + " header or the reason parameter (it is recorded in the access audit)");
		}
		insert(request, action, operator, subject, reason);
	}

	private void insert(HttpServletRequest request, String action, String operator, String subject, String reason) {
		String query = request.getQueryString();
		String target = request.getRequestURI() + ((query != null) ? "?" + query : "");
		this.jdbc.update(
				"""
						INSERT INTO query.access_audit (accessed_at, actor, remote_addr, action, operator, subject, reason, request)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
				Timestamp.from(this.clock.instant()), actor(request), request.getRemoteAddr(), action, operator,
				subject, truncate(reason, 1024), truncate(target, 2048));
	}

	/**
	 * The signed-in account (every audited endpoint requires one): never a header the
	 * caller could choose.
	 */
	public static String actor(HttpServletRequest request) {
		if (request.getUserPrincipal() == null) {
			throw new IllegalStateException("an audited read reached the service without a signed-in account");
		}
		return truncate(request.getUserPrincipal().getName(), 256);
	}

	/**
	 * The {@value #REASON_HEADER} header, else the {@code reason} parameter, else "not
	 * stated".
	 */
	public static String reason(HttpServletRequest request) {
		String reason = request.getHeader(REASON_HEADER);
		if (reason == null || reason.isBlank()) {
			reason = request.getParameter("reason");
		}
		return (reason != null && !reason.isBlank()) ? reason.strip() : NOT_STATED;
	}

	private static String truncate(String value, int max) {
		return (value.length() <= max) ? value : value.substring(0, max);
	}

}
