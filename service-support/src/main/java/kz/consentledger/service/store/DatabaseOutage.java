package kz.consentledger.service.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.regex.Pattern;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of the database as a whole from a failure about one event's data, for
 * both services: an outage is retried until the database answers, and never sets an event
 * aside (dead-lettered by ingestion, parked by the projections); only what PostgreSQL
 * says of the data itself (SQLSTATE classes 22 and 23) or a defect of the ledger's code
 * may.
 */
public final class DatabaseOutage {

	/**
	 * SQLSTATEs of a database that cannot take any statement now: connection (08),
	 * transaction rollback such as deadlocks and serialization failures (40),
	 * insufficient resources (53), operator intervention such as a shutdown (57), system
	 * and internal errors (58, XX), insufficient privilege (42501), read-only transaction
	 * (25006), lock not available (55P03). Not a statement timeout (57014): an event that
	 * always takes too long would be retried for ever.
	 */
	private static final Pattern STATES = Pattern.compile("(?!57014)(08|40|53|57|58|XX)...|42501|25006|55P03");

	private DatabaseOutage() {
	}

	/** Whether {@code failure}, or anything that caused it, is the database's own. */
	public static boolean causes(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
					|| t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
					|| t instanceof SQLTransientException || t instanceof SQLRecoverableException
					|| t instanceof SQLNonTransientConnectionException || t instanceof ConnectException
					|| t instanceof InterruptedException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& STATES.matcher(sql.getSQLState()).matches()) {
				return true;
			}
		}
		return false;
	}

}
