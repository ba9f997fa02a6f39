package kz.consentledger.query.parking;

import kz.consentledger.service.store.DatabaseOutage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what becomes of an event a projection failed on: parked with a readable cause
 * (logged at ERROR), unless the database itself failed, which is rethrown so that the
 * processor retries the batch until the database is back: an outage parks nothing.
 */
final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

	private static final Logger LOG = LoggerFactory.getLogger(ParkingPolicy.class);

	@Override
	public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
		if (DatabaseOutage.causes(cause)) {
			throw new ProjectionDatabaseException(cause);
		}
		EventMessage<?> event = letter.message();
		String reason = Failures.describe(cause);
		String stream = (event instanceof DomainEventMessage<?> domain) ? domain.getAggregateIdentifier() : "?";
		Object position = (event instanceof TrackedEventMessage<?> tracked)
				? tracked.trackingToken().position().stream().boxed().findFirst().orElse(null) : null;
		if (letter instanceof JdbcDeadLetter<?>) {
			LOG.error("Parked event {} ({} at position {}) of stream {} failed again on retry: {}",
					event.getIdentifier(), event.getPayloadType().getSimpleName(), position, stream, reason);
		}
		else {
			LOG.error("Parked event {} ({} at position {}) of stream {}: {}. The stream's later events are parked "
					+ "behind it, every other stream goes on; GET /api/v1/admin/projections/{}/parked lists them",
					event.getIdentifier(), event.getPayloadType().getSimpleName(), position, stream, reason,
					ProjectionDeadLetters.PROCESSOR);
		}
		return Decisions.enqueue(new ThrowableCause(cause.getClass().getName(), reason));
	}

	/**
	 * The database failed while the projections handled an event: retried, not parked.
	 */
	static final class ProjectionDatabaseException extends RuntimeException {

		ProjectionDatabaseException(Throwable cause) {
			super("the projections' database failed; the batch is retried: " + Failures.describe(cause), cause);
		}

	}

}
