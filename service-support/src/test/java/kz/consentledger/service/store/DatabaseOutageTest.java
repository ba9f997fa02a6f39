package kz.consentledger.service.store;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outage is retried by both services; what one event's data causes is not an outage.
 */
class DatabaseOutageTest {

	@Test
	void theDatabasesOwnFailuresAreAnOutage() {
		assertThat(DatabaseOutage.causes(new CannotGetJdbcConnectionException("no connection"))).isTrue();
		assertThat(DatabaseOutage.causes(new CannotCreateTransactionException("down", new ConnectException())))
			.isTrue();
		assertThat(DatabaseOutage
			.causes(new RuntimeException("wrapped", new SQLException("terminating connection", "57P01")))).isTrue();
		assertThat(DatabaseOutage.causes(new SQLException("deadlock detected", "40P01"))).isTrue();
		assertThat(DatabaseOutage.causes(new SQLException("connection failure", "08006"))).isTrue();
		assertThat(DatabaseOutage.causes(new SQLException("permission denied for table", "42501"))).isTrue();
		assertThat(DatabaseOutage.causes(new SQLException("read-only transaction", "25006"))).isTrue();
		assertThat(DatabaseOutage.causes(new SQLException("could not extend file: No space left", "53100"))).isTrue();
	}

	@Test
	void whatTheDataCausesIsNot() {
		assertThat(DatabaseOutage.causes(
				new DataIntegrityViolationException("check", new SQLException("violates check constraint", "23514"))))
			.isFalse();
		assertThat(DatabaseOutage.causes(new SQLException("timestamp out of range", "22008"))).isFalse();
		assertThat(DatabaseOutage.causes(new SQLException("syntax error", "42601"))).isFalse();
		assertThat(DatabaseOutage.causes(new IllegalStateException("a defect"))).isFalse();
		assertThat(DatabaseOutage.causes(new SQLException("canceling statement due to statement timeout", "57014")))
			.isFalse();
	}

}
