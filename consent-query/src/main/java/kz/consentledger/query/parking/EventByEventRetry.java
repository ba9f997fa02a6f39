package kz.consentledger.query.parking;

import java.util.OptionalLong;

import kz.consentledger.query.store.BatchWrites;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sets how each batch of the projections' processor writes ({@link BatchWrites.Mode}).
 * Batches are buffered; when a batch's writes fail at commit for a reason other than the
 * database's own, every event up to the last of that batch is handled again event by
 * event, each write in a savepoint, so that the event PostgreSQL refuses fails alone and
 * is parked, and the processor cannot retry the same failing batch forever. Events after
 * that position are batched again.
 */
final class EventByEventRetry implements MessageHandlerInterceptor<EventMessage<?>> {

	private static final Logger LOG = LoggerFactory.getLogger(EventByEventRetry.class);

	private final TransactionTemplate savepoints;

	/** The last position to handle event by event; -1 for none. */
	private volatile long eventByEventThrough = -1;

	EventByEventRetry(PlatformTransactionManager transactions) {
		this.savepoints = new TransactionTemplate(transactions);
		this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	@Override
	public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
			throws Exception {
		BatchWrites.use(unitOfWork,
				() -> new BatchWrites.Mode(
						position(unitOfWork.getMessage()).orElse(Long.MAX_VALUE) <= this.eventByEventThrough,
						(write) -> this.savepoints.executeWithoutResult((status) -> write.run()), this::failed));
		return interceptorChain.proceed();
	}

	private synchronized void failed(UnitOfWork<?> batch, RuntimeException failure) {
		if (Failures.infrastructure(failure) || !(batch instanceof BatchingUnitOfWork<?> events)) {
			return;
		}
		long last = events.getMessages()
			.stream()
			.map(EventByEventRetry::position)
			.filter(OptionalLong::isPresent)
			.mapToLong(OptionalLong::getAsLong)
			.max()
			.orElse(-1);
		this.eventByEventThrough = Math.max(this.eventByEventThrough, last);
		LOG.warn(
				"A batch of {} events up to position {} failed at commit ({}); its events are handled again one "
						+ "at a time, and the one the database refuses is parked",
				events.getMessages().size(), last, Failures.describe(failure));
	}

	private static OptionalLong position(Object message) {
		return (message instanceof TrackedEventMessage<?> tracked) ? tracked.trackingToken().position()
				: OptionalLong.empty();
	}

}
