package kz.consentledger.command.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.command.ingest.IncomingEvent.IdempotencyKey;
import kz.consentledger.command.proof.EventChainer;
import kz.consentledger.command.store.BatchStreams;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Appends a batch of validated events in one unit of work and one database transaction:
 * the commands' events, the per-subject keys and the idempotency log commit together or
 * not at all. One transaction per batch (not per event) is what makes durable ingestion
 * fast; commands inside it run in nested units of work, so a later command sees the
 * events of an earlier one. The same transaction chains the appended events
 * ({@link EventChainer}), so no event is ever stored unchained.
 */
@Component
public class LedgerAppender {

	private static final int RACE_ATTEMPTS = 3;

	private static final String UNIQUE_VIOLATION = "23505";

	private final CommandGateway commands;

	private final TransactionManager transactions;

	private final IngestionLog log;

	private final CommandMapper mapper;

	private final Clock clock;

	private final EventChainer chainer;

	private final BatchStreams streams;

	LedgerAppender(CommandGateway commands, TransactionManager transactions, IngestionLog log, CommandMapper mapper,
			Clock clock, EventChainer chainer, BatchStreams streams) {
		this.chainer = chainer;
		this.streams = streams;
		this.commands = commands;
		this.transactions = transactions;
		this.log = log;
		this.mapper = mapper;
		this.clock = clock;
	}

	/**
	 * @param allOrNothing when true a conflicting reuse rejects the whole batch
	 * ({@link ConflictingReuseException}); otherwise it is reported in its outcome
	 */
	public List<Outcome> append(List<IncomingEvent> events, boolean allOrNothing) {
		for (int attempt = 1;; attempt++) {
			try {
				return appendOnce(events, allOrNothing);
			}
			catch (RuntimeException ex) {
				if (attempt == RACE_ATTEMPTS || !lostARace(ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Another transaction stored the same {@code (source, id)} or the next event of the
	 * same stream first (concurrent requests, or HTTP and Kafka at once): read again, and
	 * the event is a duplicate or goes after the other.
	 */
	static boolean lostARace(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DuplicateKeyException || cause instanceof ConcurrencyException
					|| (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	private List<Outcome> appendOnce(List<IncomingEvent> events, boolean allOrNothing) {
		UnitOfWork<?> unitOfWork = DefaultUnitOfWork
			.startAndGet(new GenericMessage<>("ingest " + events.size() + " events"));
		unitOfWork.attachTransaction(this.transactions);
		// Registered before the event bus's own handler (at the first event), so the
		// append is claimed before any event is inserted.
		unitOfWork.onPrepareCommit((uow) -> this.chainer.claimAppend());
		try {
			List<Outcome> outcomes = appendInUnitOfWork(events, allOrNothing);
			// Registered after the event bus's own handler, so it runs once the events
			// are inserted.
			unitOfWork.onPrepareCommit((uow) -> this.chainer.chain());
			unitOfWork.commit();
			return outcomes;
		}
		catch (RuntimeException | Error ex) {
			if (unitOfWork.isActive()) {
				unitOfWork.rollback(ex);
			}
			throw ex;
		}
	}

	private List<Outcome> appendInUnitOfWork(List<IncomingEvent> events, boolean allOrNothing) {
		Instant receivedAt = this.clock.instant();
		Map<IdempotencyKey, String> known = new HashMap<>(
				this.log.hashesOf(events.stream().map(IncomingEvent::key).distinct().toList()));
		List<IncomingEvent> fresh = events.stream().filter((event) -> !known.containsKey(event.key())).toList();
		this.streams.prepare(fresh.stream().map(IncomingEvent::aggregateId).distinct().toList());
		this.mapper.prepare(fresh);
		List<Outcome> outcomes = new ArrayList<>(events.size());
		List<IncomingEvent> appended = new ArrayList<>();
		for (IncomingEvent event : events) {
			String earlier = known.get(event.key());
			if (earlier != null) {
				outcomes.add(new Outcome(event,
						earlier.equals(event.contentSha256()) ? Outcome.Status.DUPLICATE : Outcome.Status.CONFLICT));
				continue;
			}
			this.commands.sendAndWait(this.mapper.toCommand(event, receivedAt));
			known.put(event.key(), event.contentSha256());
			appended.add(event);
			outcomes.add(new Outcome(event, Outcome.Status.APPENDED));
		}
		List<IncomingEvent> conflicts = outcomes.stream()
			.filter((outcome) -> outcome.status() == Outcome.Status.CONFLICT)
			.map(Outcome::event)
			.toList();
		if (allOrNothing && !conflicts.isEmpty()) {
			throw new ConflictingReuseException(conflicts);
		}
		this.log.record(appended, receivedAt);
		return outcomes;
	}

}
