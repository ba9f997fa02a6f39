package kz.consentledger.query.parking;

import java.net.ConnectException;
import java.sql.SQLException;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database outage is retried, never parked; what the data causes is parked, readably.
 */
class FailuresTest {

	@Test
	void theDatabasesOwnFailuresAreInfrastructure() {
		assertThat(Failures.infrastructure(new CannotGetJdbcConnectionException("no connection"))).isTrue();
		assertThat(Failures.infrastructure(new CannotCreateTransactionException("down", new ConnectException())))
			.isTrue();
		assertThat(Failures
			.infrastructure(new RuntimeException("wrapped", new SQLException("terminating connection", "57P01"))))
			.isTrue();
		assertThat(Failures.infrastructure(new SQLException("deadlock detected", "40P01"))).isTrue();
		assertThat(Failures.infrastructure(new SQLException("connection failure", "08006"))).isTrue();
	}

	@Test
	void whatTheDataCausesIsNot() {
		assertThat(Failures.infrastructure(
				new DataIntegrityViolationException("check", new SQLException("violates check constraint", "23514"))))
			.isFalse();
		assertThat(Failures.infrastructure(new SQLException("timestamp out of range", "22008"))).isFalse();
		assertThat(Failures.infrastructure(new UnstorableEventException("subject", "is too long"))).isFalse();
	}

	@Test
	void theParkingPolicyRethrowsAnOutageAndParksTheRest() {
		ParkingPolicy policy = new ParkingPolicy();
		GenericDeadLetter<GenericEventMessage<String>> letter = new GenericDeadLetter<>("stream",
				new GenericEventMessage<>("payload"));
		assertThatThrownBy(() -> policy.decide(letter, new CannotGetJdbcConnectionException("down")))
			.isInstanceOf(ParkingPolicy.ProjectionDatabaseException.class);
		assertThat(policy.decide(letter, new UnstorableEventException("subject", "holds a NUL")).shouldEnqueue())
			.isTrue();
	}

	@Test
	void aCauseIsOneBoundedLine() {
		String described = Failures.describe(new IllegalStateException("a\u0000b\nc" + "x".repeat(5000)));
		assertThat(described).startsWith("IllegalStateException: a\\u0000b c").endsWith("[cut]");
		assertThat(described.length()).isLessThanOrEqualTo(Failures.MAX_CAUSE_LENGTH);
	}

}
