package kz.consentledger.query.parking;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database outage is retried, never parked; what the data causes is parked, readably.
 */
class FailuresTest {

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
