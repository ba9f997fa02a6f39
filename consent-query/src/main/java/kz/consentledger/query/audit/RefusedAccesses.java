package kz.consentledger.query.audit;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Records the requests to audited endpoints that end without an answer: refused by
 * authentication (401), authorization (403) or the input checks (400 and other 4xx), or
 * failed (5xx, also after their access was recorded). It sits in the security filter
 * chain right after the security context is set up, so it sees every refusal, including
 * those of bad credentials, and still knows the account once the response status is set.
 *
 * <p>
 * A flood of refused requests must not stop the service: at most {@value #WRITERS}
 * refusals are written at a time, a refusal that finds them busy or whose record fails is
 * not recorded but counted ({@code ledger.audit.refusals.unrecorded}) and logged, and the
 * refusal stands either way.
 */
public final class RefusedAccesses extends OncePerRequestFilter {

	private static final Logger LOG = LoggerFactory.getLogger(RefusedAccesses.class);

	private static final int WRITERS = 4;

	private static final String SUBJECT = "/api/v1/operators/{operator}/subjects/{subject}/";

	/** The audited endpoints and the actions their reads record. */
	private static final Map<PathPattern, String> ENDPOINTS = Map.ofEntries(
			Map.entry(pattern(SUBJECT + "consents"), "read-consent"),
			Map.entry(pattern(SUBJECT + "history"), "read-history"), Map.entry(pattern(SUBJECT + "as-of"), "as-of"),
			Map.entry(pattern(SUBJECT + "export"), "export"),
			Map.entry(pattern(SUBJECT + "export.html"), "export-html"),
			Map.entry(pattern(SUBJECT + "access-answer"), "access-answer"),
			Map.entry(pattern("/api/v1/operators/{operator}/export"), "export-operator"),
			Map.entry(pattern("/api/v1/operators/{operator}/dashboard/tables/{table}"), "dashboard-"),
			Map.entry(pattern("/api/v1/operators/{operator}/clocks"), "duty-clocks"),
			Map.entry(pattern("/api/v1/operators/{operator}/retention"), "retention"),
			Map.entry(pattern("/api/v1/clocks"), "duty-clocks-all"),
			Map.entry(pattern("/api/v1/audit/accesses"), "audit-export"));

	private final AccessAudit audit;

	private final Semaphore writers = new Semaphore(WRITERS);

	private final Counter busy;

	private final Counter failed;

	public RefusedAccesses(AccessAudit audit, MeterRegistry meters) {
		this.audit = audit;
		this.busy = unrecorded(meters, "busy");
		this.failed = unrecorded(meters, "error");
	}

	private static Counter unrecorded(MeterRegistry meters, String cause) {
		return Counter.builder("ledger.audit.refusals.unrecorded")
			.description("Refused or failed requests to audited endpoints that could not be recorded")
			.tag("cause", cause)
			.register(meters);
	}

	private static PathPattern pattern(String path) {
		return PathPatternParser.defaultInstance.parse(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PathContainer path = PathContainer
			.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
		for (Map.Entry<PathPattern, String> endpoint : ENDPOINTS.entrySet()) {
			PathPattern.PathMatchInfo match = endpoint.getKey().matchAndExtract(path);
			if (match != null) {
				filter(request, response, chain, endpoint.getValue(), match.getUriVariables());
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String action,
			Map<String, String> variables) throws ServletException, IOException {
		boolean completed = false;
		try {
			chain.doFilter(request, response);
			completed = true;
		}
		finally {
			int status = response.getStatus();
			boolean recorded = request.getAttribute(AccessAudit.RECORDED) != null;
			if (!completed || status >= 500) {
				record(request, action, variables, "failed");
			}
			else if (status >= 400 && !recorded) {
				record(request, action, variables, "refused " + status);
			}
		}
	}

	private void record(HttpServletRequest request, String action, Map<String, String> variables, String outcome) {
		if (!this.writers.tryAcquire()) {
			unrecorded(this.busy, request, outcome, null);
			return;
		}
		try {
			String operator = variables.get("operator");
			this.audit.recordOutcome(request, actor(), action + variables.getOrDefault("table", ""),
					(operator != null && operator.matches("[0-9]{12}")) ? operator : null, variables.get("subject"),
					outcome);
		}
		catch (RuntimeException ex) {
			unrecorded(this.failed, request, outcome, ex);
		}
		finally {
			this.writers.release();
		}
	}

	/** Logs the 1st, 2nd, 4th, 8th... of each cause, so a flood cannot flood the log. */
	private static void unrecorded(Counter counter, HttpServletRequest request, String outcome, Exception ex) {
		counter.increment();
		long count = (long) counter.count();
		if (Long.bitCount(count) == 1) {
			LOG.warn(
					"{} refused or failed requests to audited endpoints were not recorded (cause: {}); the latest: "
							+ "{} {}, {}",
					count, counter.getId().getTag("cause"), request.getMethod(), request.getRequestURI(), outcome, ex);
		}
	}

	/**
	 * The account once the chain ran: {@value AccessAudit#ANONYMOUS} if none signed in.
	 */
	private static String actor() {
		Authentication account = SecurityContextHolder.getContext().getAuthentication();
		return (account == null || account instanceof AnonymousAuthenticationToken || !account.isAuthenticated())
				? AccessAudit.ANONYMOUS : account.getName();
	}

}
