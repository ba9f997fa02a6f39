package kz.consentledger.command.append;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.command.proof.EventChainer;
import kz.consentledger.command.store.EventRows;
import kz.consentledger.service.shard.Shards;
import kz.consentledger.storage.LedgerStorage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Appends a batch of commands in one database transaction: the events they decide, the
 * per-subject keys, the chain links and the ingestion log commit together or not at all.
 * The batch is decided in memory first ({@link BatchDecider}: each subject's state loaded
 * once, a later command seeing the events of an earlier one), then written with one
 * statement per table under the append's lock (ADR 0028), so the lock is held for the
 * writes only and no event is ever stored unchained.
 * <p>
 * Each request is appended once by its {@link IdempotencyKey}: a key appended before with
 * the same content (by its {@link ContentDigest}) is a {@link AppendOutcome#DUPLICATE},
 * with other content a {@link AppendOutcome#CONFLICT}; so is a key repeated within the
 * batch, against its first occurrence.
 */
@Component
public class LedgerAppender {

	private static final int RACE_ATTEMPTS = 3;

	private static final String UNIQUE_VIOLATION = "23505";

	private final TransactionManager transactions;

	private final IngestionLog log;

	private final Clock clock;

	private final EventChainer chainer;

	private final BatchDecider decider;

	private final EventRows rows;

	private final ContentDigest digests;

	private final Shards shards;

	LedgerAppender(TransactionManager transactions, IngestionLog log, Clock clock, EventChainer chainer,
			BatchDecider decider, EventRows rows, ContentDigest digests, Shards shards) {
		this.shards = shards;
		this.transactions = transactions;
		this.log = log;
		this.clock = clock;
		this.chainer = chainer;
		this.decider = decider;
		this.rows = rows;
		this.digests = digests;
	}

	/**
	 * Appends these commands, each once by key.
	 * @param allOrNothing when true a conflicting reuse rejects the whole batch
	 * ({@link ConflictingReuseException}); otherwise it is reported in its outcome
	 * @return one outcome per request, in their order
	 */
	public List<AppendOutcome> append(List<AppendRequest> requests, boolean allOrNothing) {
		return append(requests, (fresh, receivedAt) -> fresh, allOrNothing);
	}

	/**
	 * Like {@link #append(List, boolean)} for items whose commands must be built inside
	 * the batch's transaction: {@code build} is called there with the items whose keys
	 * were not appended before (the first of a key repeated in the batch) and the batch's
	 * receipt instant.
	 */
	public <T extends Keyed> List<AppendOutcome> append(List<T> batch, RequestBuilder<T> build, boolean allOrNothing) {
		for (int attempt = 1;; attempt++) {
			try {
				return appendOnce(batch, build, allOrNothing);
			}
			catch (RuntimeException ex) {
				if (attempt == RACE_ATTEMPTS || !lostARace(ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Another transaction stored the same key or the next event of the same stream first
	 * (concurrent requests, HTTP and Kafka at once, another instance), or erased a
	 * subject whose key the batch sealed with: read again, and the request is a duplicate
	 * or goes after the other.
	 */
	public static boolean lostARace(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DuplicateKeyException || cause instanceof ConcurrencyFailureException
					|| (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	private <T extends Keyed> List<AppendOutcome> appendOnce(List<T> batch, RequestBuilder<T> build,
			boolean allOrNothing) {
		// The unit of work is the batch's transaction and the scope of what the keys and
		// the policy catalogue remember for one batch; no command goes through Axon.
		UnitOfWork<?> unitOfWork = DefaultUnitOfWork
			.startAndGet(new GenericMessage<>("append " + batch.size() + " requests"));
		unitOfWork.attachTransaction(this.transactions);
		try {
			Instant receivedAt = this.clock.instant();
			Map<IdempotencyKey, ContentDigest.Stored> known = new HashMap<>(
					this.log.digestsOf(batch.stream().map(Keyed::key).distinct().toList()));
			Map<IdempotencyKey, IngestionLog.Entry> fresh = entries(batch, known, build, receivedAt);
			BatchDecider.Batch decided = this.decider
				.start(fresh.values().stream().map(IngestionLog.Entry::stream).distinct().toList());
			List<AppendOutcome> outcomes = new ArrayList<>(batch.size());
			List<IngestionLog.Entry> appended = new ArrayList<>();
			List<IdempotencyKey> conflicts = new ArrayList<>();
			for (T item : batch) {
				ContentDigest.Stored earlier = known.get(item.key());
				if (earlier != null) {
					boolean same = this.digests.matches(earlier, item.content());
					outcomes.add(same ? AppendOutcome.DUPLICATE : AppendOutcome.CONFLICT);
					if (!same) {
						conflicts.add(item.key());
					}
					continue;
				}
				IngestionLog.Entry entry = fresh.get(item.key());
				decided.decide(entry.request().command());
				known.put(item.key(), entry.digest());
				appended.add(entry);
				outcomes.add(AppendOutcome.APPENDED);
			}
			if (allOrNothing && !conflicts.isEmpty()) {
				throw new ConflictingReuseException(conflicts);
			}
			this.chainer.claimAppend();
			// Stamped under the lock: the ledger times follow the ledger order.
			this.chainer.chain(this.rows.insert(decided.decisions().events(), this.clock.instant()));
			this.log.record(appended, receivedAt);
			unitOfWork.commit();
			decided.keep();
			return outcomes;
		}
		catch (RuntimeException | Error ex) {
			if (unitOfWork.isActive()) {
				unitOfWork.rollback(ex);
			}
			throw ex;
		}
	}

	/**
	 * The requests of the items not appended before, by key, each with the stream its
	 * command goes to and the digest of the item's content.
	 */
	private <T extends Keyed> Map<IdempotencyKey, IngestionLog.Entry> entries(List<T> batch,
			Map<IdempotencyKey, ContentDigest.Stored> known, RequestBuilder<T> build, Instant receivedAt) {
		Map<IdempotencyKey, T> firsts = new LinkedHashMap<>();
		batch.stream()
			.filter((item) -> !known.containsKey(item.key()))
			.forEach((item) -> firsts.putIfAbsent(item.key(), item));
		List<T> fresh = List.copyOf(firsts.values());
		List<AppendRequest> requests = build.requests(fresh, receivedAt);
		if (requests.size() != fresh.size()) {
			throw new IllegalStateException(requests.size() + " requests built for " + fresh.size() + " items");
		}
		Map<IdempotencyKey, IngestionLog.Entry> entries = new HashMap<>();
		for (int i = 0; i < fresh.size(); i++) {
			AppendRequest request = requests.get(i);
			String stream = BatchDecider.streamOf(request.command());
			requireKeptHere(stream);
			entries.put(fresh.get(i).key(),
					new IngestionLog.Entry(request, stream, this.digests.of(fresh.get(i).content())));
		}
		return entries;
	}

	/**
	 * The last guard of sharding (ADR 0029): every channel refuses or redirects another
	 * shard's operator before it gets here, and whatever slips past is refused, never
	 * appended to the wrong shard's chain.
	 */
	private void requireKeptHere(String stream) {
		String operator = LedgerStorage.operatorOf(stream);
		if (!this.shards.keeps(operator)) {
			throw new IllegalArgumentException("operator " + operator + "'s events are kept by shard "
					+ this.shards.ownerOf(operator).orElseThrow().name() + ", not by this one");
		}
	}

	/**
	 * Builds, inside the batch's unit of work, the requests of the items the ledger has
	 * not appended before.
	 */
	@FunctionalInterface
	public interface RequestBuilder<T extends Keyed> {

		/** One request for each of {@code fresh}, in its order. */
		List<AppendRequest> requests(List<T> fresh, Instant receivedAt);

	}

}
