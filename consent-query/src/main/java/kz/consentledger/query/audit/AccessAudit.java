package kz.consentledger.query.audit;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.query.audit.AuditLog.Access;
import org.springframework.stereotype.Component;

/**
 * Records accesses in {@code query.access_audit}, each chained as it is stored
 * ({@link AuditLog}). A read whose record cannot be written fails: nothing is shown that
 * is not recorded; a refused request is recorded too ({@link RefusedAccesses}). What a
 * caller chooses (reason, request line, account name) is cut to its column with a marker,
 * so no input is too long to record; operator and subject were checked before
 * (RequestInputCheck: 400 for a subject over 128 characters or an operator that is not a
 * BIN).
 */
@Component
public class AccessAudit {

	/**
	 * Writers of the records that routine reads overlap with ({@link #recording}); when
	 * all are busy (or stopped) the request's own thread writes its record, so a burst
	 * waits instead of queueing records and no record is ever dropped.
	 */
	private static final int WRITERS = 4;

	/** Why they ask: a case number, a request reference, a legal ground. */
	public static final String REASON_HEADER = "X-Access-Reason";

	static final String NOT_STATED = "not stated";

	/** The outcome of a granted access, recorded beside or before its read. */
	static final String ANSWERED = "answered";

	/**
	 * Request attribute set once the request's record is durable: a request that fails
	 * after it gets a second record, one that fails before it gets its only one.
	 */
	static final String RECORDED = AccessAudit.class.getName() + ".recorded";

	/** Accounts not signed in, in refusal records. */
	static final String ANONYMOUS = "anonymous";

	private static final int MAX_ACTOR = 256;

	private static final int MAX_REMOTE_ADDR = 64;

	private static final int MAX_REASON = 1024;

	private static final int MAX_REQUEST = 2048;

	private static final int MAX_ACTION = 32;

	private static final int MAX_SUBJECT = 128;

	private final AuditLog log;

	private final Clock clock;

	private final ThreadPoolExecutor writers;

	AccessAudit(AuditLog log, Clock clock) {
		this.log = log;
		this.clock = clock;
		this.writers = new ThreadPoolExecutor(0, WRITERS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
			Thread writer = new Thread(task, "access-audit");
			writer.setDaemon(true);
			return writer;
		}, (task, pool) -> task.run());
	}

	@PreDestroy
	void stop() {
		this.writers.shutdown();
	}

	/**
	 * Runs a routine read (the reason is optional) while its record is written, and
	 * returns what it read only once the record is durable. The record's commit waits for
	 * the WAL flush, which was most of a short read's time (docs/benchmarks.md): side by
	 * side the two take as long as the slower one instead of both. A record that cannot
	 * be written fails the read whatever it found; a read that fails (an unknown subject)
	 * is recorded all the same.
	 */
	public <T> T recording(HttpServletRequest request, String action, String operator, String subject,
			Supplier<T> read) {
		// The request is read here: it belongs to this thread.
		Access record = access(request, actor(request), action, operator, subject, reason(request), ANSWERED);
		CompletableFuture<Void> written = CompletableFuture.runAsync(() -> this.log.append(record), this.writers);
		T result;
		try {
			result = read.get();
		}
		finally {
			awaitRecord(written);
			request.setAttribute(RECORDED, Boolean.TRUE);
		}
		return result;
	}

	/**
	 * Rethrows the record's failure as it was thrown (a problem detail, not a wrapper).
	 */
	private static void awaitRecord(CompletableFuture<Void> written) {
		try {
			written.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Records a regulator-grade access (as-of query, export) whose reason is mandatory.
	 * It is written before the read, not beside it ({@link #recording}): the audit export
	 * lists the access that asked for it, and these reads are rare and long, so the flush
	 * is a small part of them.
	 * @throws IllegalArgumentException when no reason is given
	 */
	public void recordWithReason(HttpServletRequest request, String action, String operator, String subject) {
		String reason = reason(request);
		if (NOT_STATED.equals(reason)) {
			throw new IllegalArgumentException("a reason is required for " + action + ": give it in the "
					+ REASON_HEADER + " header or the reason parameter (it is recorded in the access audit)");
		}
		this.log.append(access(request, actor(request), action, operator, subject, reason, ANSWERED));
		request.setAttribute(RECORDED, Boolean.TRUE);
	}

	/**
	 * Records a request that was refused or failed, on the request's thread, with what
	 * could be read of it: a refused request's input was not checked, so the subject is
	 * cut to its column, and control characters and lone surrogates, which PostgreSQL
	 * would not store, are written as escapes.
	 * @param actor the account, or {@value #ANONYMOUS}
	 * @param operator a BIN, or null
	 * @param outcome {@code refused <status>} or {@code failed}
	 */
	void recordOutcome(HttpServletRequest request, String actor, String action, String operator, String subject,
			String outcome) {
		this.log.append(access(request, cut(printable(actor), MAX_ACTOR), cut(printable(action), MAX_ACTION), operator,
				cut(printable(subject), MAX_SUBJECT), printable(reason(request)), outcome));
	}

	private Access access(HttpServletRequest request, String actor, String action, String operator, String subject,
			String reason, String outcome) {
		String query = request.getQueryString();
		String target = request.getRequestURI() + ((query != null) ? "?" + query : "");
		return new Access(this.clock.instant(), actor, cut(request.getRemoteAddr(), MAX_REMOTE_ADDR), action, operator,
				subject, cut(reason, MAX_REASON), cut(printable(target), MAX_REQUEST), outcome);
	}

	/**
	 * {@code value} with its control characters and lone surrogates written as
	 * six-character escapes (a backslash, u, four hex digits): checked input
	 * (RequestInputCheck) holds none, so it is unchanged.
	 */
	static String printable(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1));
			if (pair) {
				out.append(c).append(value.charAt(++i));
			}
			else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * The signed-in account (every audited endpoint requires one): never a header the
	 * caller could choose.
	 */
	public static String actor(HttpServletRequest request) {
		if (request.getUserPrincipal() == null) {
			throw new IllegalStateException("an audited read reached the service without a signed-in account");
		}
		return cut(request.getUserPrincipal().getName(), MAX_ACTOR);
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

	/**
	 * {@code value} if it fits in {@code max} characters, else its beginning with a
	 * marker saying how much was cut (never half of a surrogate pair). What is recorded
	 * stays bounded whatever a caller sends; the columns of V2__access_audit.sql hold the
	 * maxima (counted in UTF-16 code units, which never exceed PostgreSQL's characters).
	 */
	static String cut(String value, int max) {
		if (value == null || value.length() <= max) {
			return value;
		}
		String marker = " [cut: " + value.length() + " characters]";
		int keep = max - marker.length();
		if (Character.isHighSurrogate(value.charAt(keep - 1))) {
			keep--;
		}
		return value.substring(0, keep) + marker;
	}

}
