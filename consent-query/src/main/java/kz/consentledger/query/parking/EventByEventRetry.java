package kz.consentledger.query.parking;

import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import kz.consentledger.query.store.BatchWrites;
import kz.consentledger.service.store.DatabaseOutage;
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
 * database's own, a batch starting within the positions of the failed one is handled
 * again event by event, each write in a savepoint, so that the event PostgreSQL refuses
 * fails alone and is parked, and the processor cannot retry the same failing batch
 * forever. Other batches stay buffered, a rebuild's too: one that holds the same event
 * fails once more and is then handled event by event in its turn.
 */
final class EventByEventRetry implements MessageHandlerInterceptor<EventMessage<?>> {

	private static final Logger LOG = LoggerFactory.getLogger(EventByEventRetry.class);

	private final TransactionTemplate savepoints;

	/** The positions of the batches that failed at commit. */
	private final List<Range> failedBatches = new CopyOnWriteArrayList<>();

	EventByEventRetry(PlatformTransactionManager transactions) {
		this.savepoints = new TransactionTemplate(transactions);
		this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	@Override
	public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
			throws Exception {
		BatchWrites.use(unitOfWork, () -> new BatchWrites.Mode(eventByEvent(position(unitOfWork.getMessage())),
				(write) -> this.savepoints.executeWithoutResult((status) -> write.run()), this::failed));
		return interceptorChain.proceed();
	}

	/** Whether the batch that starts at {@code first} starts where one failed. */
	private boolean eventByEvent(OptionalLong first) {
		return first.isPresent() && this.failedBatches.stream().anyMatch((range) -> range.holds(first.getAsLong()));
	}

	private void failed(UnitOfWork<?> batch, RuntimeException failure) {
		if (DatabaseOutage.causes(failure) || !(batch instanceof BatchingUnitOfWork<?> events)) {
			return;
		}
		LongSummaryStatistics positions = events.getMessages()
			.stream()
			.map(EventByEventRetry::position)
			.filter(OptionalLong::isPresent)
			.mapToLong(OptionalLong::getAsLong)
			.summaryStatistics();
		if (positions.getCount() == 0) {
			return;
		}
		this.failedBatches.add(new Range(positions.getMin(), positions.getMax()));
		LOG.warn(
				"A batch of {} events at positions {} to {} failed at commit ({}); its events are handled again "
						+ "one at a time, and the one the database refuses is parked",
				events.getMessages().size(), positions.getMin(), positions.getMax(), Failures.describe(failure));
	}

	/** Positions from {@code first} to {@code last}, both included. */
	private record Range(long first, long last) {

		boolean holds(long position) {
			return position >= this.first && position <= this.last;
		}

	}

	private static OptionalLong position(Object message) {
		return (message instanceof TrackedEventMessage<?> tracked) ? tracked.trackingToken().position()
				: OptionalLong.empty();
	}

}
