package kz.consentledger.query.parking;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a failure of the database itself (it is retried until the database is back, never
 * parked) from an event the projections cannot store (parked, so that everything else
 * goes on), and says the latter in one line a person can read.
 */
final class Failures {

	/**
	 * SQLSTATE classes of PostgreSQL that say nothing about the data: connection (08),
	 * transaction rollback such as serialization failures and deadlocks (40),
	 * insufficient resources (53), operator intervention such as a shutdown or a
	 * cancelled statement (57), system and internal errors (58, XX).
	 */
	private static final Set<String> INFRASTRUCTURE_STATES = Set.of("08", "40", "53", "57", "58", "XX");

	/** Characters of a parked event's cause (Axon's column holds 1023). */
	static final int MAX_CAUSE_LENGTH = 1000;

	private Failures() {
	}

	/** Whether {@code failure}, or anything that caused it, is the database's own. */
	static boolean infrastructure(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
					|| t instanceof DataAccessResourceFailureException || t instanceof TransactionException
					|| t instanceof SQLTransientException || t instanceof SQLRecoverableException
					|| t instanceof SQLNonTransientConnectionException || t instanceof IOException
					|| t instanceof InterruptedException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
					&& INFRASTRUCTURE_STATES.contains(sql.getSQLState().substring(0, 2))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The most specific cause as {@code Type: message}, on one line (control characters
	 * escaped, lone surrogates replaced), at most {@link #MAX_CAUSE_LENGTH} characters.
	 */
	static String describe(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_CAUSE_LENGTH));
		for (int i = 0; i < text.length() && line.length() < MAX_CAUSE_LENGTH - 8; i++) {
			char c = text.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			if (pair) {
				line.append(c).append(text.charAt(++i));
			}
			else if (Character.isSurrogate(c)) {
				line.append('\uFFFD');
			}
			else if (Character.isISOControl(c)) {
				line.append((c == '\n' || c == '\r') ? " " : String.format("\\u%04x", (int) c));
			}
			else {
				line.append(c);
			}
		}
		return (line.length() < text.length()) ? line.append(" [cut]").toString() : line.toString();
	}

}
