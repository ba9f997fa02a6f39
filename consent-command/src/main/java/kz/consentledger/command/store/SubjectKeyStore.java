package kz.consentledger.command.store;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.time.Clock;
import java.time.Instant;
import java.sql.Timestamp;

import javax.crypto.SecretKey;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.command.domain.SubjectKeys;
import kz.consentledger.command.ingest.PersonalDataSealer;
import kz.consentledger.privacy.FieldSealer;
import kz.consentledger.storage.LedgerStorage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import kz.consentledger.service.store.MasterKeyCheck;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Per-subject AES-256 keys in {@code ledger.subject_key}, wrapped by the master key and
 * kept out of the event table: destroying a subject's key erases every sealed field of
 * that subject. Runs in the ingestion transaction, so a key exists exactly when the
 * events sealed with it do, and is destroyed exactly when the erasure is stored. A
 * destroyed key leaves its row as a tombstone (ADR 0025): a later event of the erased
 * subject gets no new key, its personal fields are stored as {@value FieldSealer#ERASED}.
 * <p>
 * A batch reads its subjects' keys before it seals, with no lock: an erasure may destroy
 * a key after the read. So at commit, holding the append's lock ({@code claimAppend} of
 * {@link kz.consentledger.command.proof.EventChainer}, which every erasure's commit takes
 * too), a batch that sealed with a key checks that none of those keys is destroyed; if
 * one is, the batch lost a race with the erasure and is appended again, and reads the
 * tombstone. A key is therefore used only by a batch that commits before the erasure
 * does. Not {@code FOR SHARE} on the read: a batch would hold its subjects' key rows
 * locked from the read to its commit, and an erasure would wait that long.
 */
@Component
class SubjectKeyStore implements PersonalDataSealer, SubjectKeys {

	private static final String KEY_OF_SUBJECT = """
			WITH created AS (
			  INSERT INTO ledger.subject_key (operator, subject, wrapped_key, created_at) VALUES (?, ?, ?, ?)
			  ON CONFLICT (operator, subject) DO NOTHING RETURNING wrapped_key)
			SELECT wrapped_key FROM created
			UNION ALL
			SELECT wrapped_key FROM ledger.subject_key WHERE operator = ? AND subject = ?
			LIMIT 1""";

	private static final String KEYS_OF = "SELECT k.operator, k.subject, k.wrapped_key FROM ledger.subject_key k"
			+ " JOIN unnest(?::char(12)[], ?::varchar[]) AS w (operator, subject)"
			+ " ON k.operator = w.operator AND k.subject = w.subject";

	private static final String KEYS = SubjectKeyStore.class.getName() + ".keys";

	private static final String SEALED_WITH = SubjectKeyStore.class.getName() + ".sealedWith";

	private final JdbcTemplate jdbc;

	private final FieldSealer sealer = new FieldSealer(new SecureRandom());

	private final SecretKey masterKey;

	private final Clock clock;

	SubjectKeyStore(JdbcTemplate jdbc, LedgerProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.masterKey = FieldSealer.masterKey(properties.privacy().masterKey());
		this.clock = clock;
		MasterKeyCheck.require(jdbc, properties.privacy().masterKey(), clock.instant(), true);
	}

	@Override
	public void prepare(Collection<String> subjects) {
		if (subjects.isEmpty() || !CurrentUnitOfWork.isStarted()) {
			return;
		}
		Map<String, SecretKey> known = keysOfThisUnitOfWork();
		List<String> wanted = subjects.stream().distinct().filter((context) -> !known.containsKey(context)).toList();
		if (wanted.isEmpty()) {
			return;
		}
		List<String> missing = read(wanted, known);
		if (missing.isEmpty()) {
			return;
		}
		// New keys for the missing ones, inserted unless another batch was quicker: only
		// the quicker one's keys are read back.
		List<String> taken = insert(missing, known);
		if (!taken.isEmpty()) {
			read(taken, known);
		}
	}

	/**
	 * Inserts a new key for each of {@code contexts} in one statement and puts those
	 * inserted into {@code known}; returns the contexts another transaction gave a key
	 * first.
	 */
	private List<String> insert(List<String> contexts, Map<String, SecretKey> known) {
		Map<String, SecretKey> created = new HashMap<>();
		byte[][] wrapped = new byte[contexts.size()][];
		for (int i = 0; i < contexts.size(); i++) {
			SecretKey key = this.sealer.newKey();
			created.put(contexts.get(i), key);
			wrapped[i] = this.sealer.wrap(this.masterKey, key, contexts.get(i));
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("INSERT INTO ledger.subject_key"
					+ " (operator, subject, wrapped_key, created_at) SELECT w.operator, w.subject, w.wrapped_key, ?"
					+ " FROM unnest(?::char(12)[], ?::varchar[], ?::bytea[]) AS w (operator, subject, wrapped_key)"
					+ " ON CONFLICT (operator, subject) DO NOTHING RETURNING operator, subject");
			statement.setTimestamp(1, now);
			statement.setArray(2, connection.createArrayOf("bpchar", operatorsOf(contexts)));
			statement.setArray(3, connection.createArrayOf("varchar", subjectsOf(contexts)));
			statement.setArray(4, connection.createArrayOf("bytea", wrapped));
			return statement;
		}, (row) -> {
			String context = LedgerStorage.subjectStream(row.getString(1).trim(), row.getString(2));
			known.put(context, created.get(context));
		});
		return contexts.stream().filter((context) -> !known.containsKey(context)).toList();
	}

	/**
	 * Reads the stored keys of {@code contexts} into {@code known} (a destroyed key as
	 * null); returns the contexts that have no row.
	 */
	private List<String> read(List<String> contexts, Map<String, SecretKey> known) {
		Set<String> found = new HashSet<>();
		keysOf(contexts, KEYS_OF, (context, wrapped) -> {
			found.add(context);
			known.put(context, opened(wrapped, context));
		});
		return contexts.stream().filter((context) -> !found.contains(context)).toList();
	}

	/**
	 * Refuses the commit of a batch that sealed with a key an erasure has destroyed since
	 * it was read: run holding the append's lock, so the erasure either committed before
	 * (and is seen here) or commits after this batch.
	 */
	private void refuseIfErasedSince(Collection<String> sealedWith) {
		List<String> erased = new ArrayList<>();
		keysOf(List.copyOf(sealedWith), KEYS_OF + " WHERE k.wrapped_key IS NULL",
				(context, wrapped) -> erased.add(context));
		if (!erased.isEmpty()) {
			throw new ConcurrencyFailureException(
					erased + " erased while this batch sealed with their keys: appended again, without them");
		}
	}

	private void keysOf(List<String> contexts, String sql, BiConsumer<String, byte[]> each) {
		RowCallbackHandler row = (result) -> each
			.accept(LedgerStorage.subjectStream(result.getString(1).trim(), result.getString(2)), result.getBytes(3));
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(sql);
			statement.setArray(1, connection.createArrayOf("bpchar", operatorsOf(contexts)));
			statement.setArray(2, connection.createArrayOf("varchar", subjectsOf(contexts)));
			return statement;
		}, row);
	}

	private static String[] operatorsOf(List<String> contexts) {
		return contexts.stream().map(LedgerStorage::operatorOf).toArray(String[]::new);
	}

	private static String[] subjectsOf(List<String> contexts) {
		return contexts.stream().map(LedgerStorage::subjectOf).toArray(String[]::new);
	}

	@Override
	public String seal(String operator, String subject, String plaintext) {
		if (plaintext == null) {
			return null;
		}
		String context = LedgerStorage.subjectStream(operator, subject);
		boolean inUnitOfWork = CurrentUnitOfWork.isStarted();
		Map<String, SecretKey> known = inUnitOfWork ? keysOfThisUnitOfWork() : new HashMap<>();
		SecretKey key = known.computeIfAbsent(context, (missing) -> {
			byte[] candidate = newWrappedKey(context);
			return opened(this.jdbc.queryForObject(KEY_OF_SUBJECT, byte[].class, operator, subject, candidate,
					Timestamp.from(this.clock.instant()), operator, subject), context);
		});
		if (key == null) {
			// The subject asked to be forgotten: what arrives later is not kept either.
			return FieldSealer.ERASED;
		}
		if (inUnitOfWork) {
			sealedWithInThisUnitOfWork().add(context);
		}
		return this.sealer.seal(key, plaintext, context);
	}

	@Override
	public Destroyed destroy(String operator, String subject, Instant at) {
		Timestamp when = Timestamp.from(at);
		Destroyed destroyed = destroyLiveKey(operator, subject, when);
		if (destroyed == null) {
			int tombstones = this.jdbc.update("INSERT INTO ledger.subject_key"
					+ " (operator, subject, wrapped_key, created_at, destroyed_at) VALUES (?, ?, NULL, ?, ?)"
					+ " ON CONFLICT (operator, subject) DO NOTHING", operator, subject, when, when);
			// A row that was there (or came first) held a key or was already a tombstone.
			destroyed = (tombstones == 1) ? new Destroyed(Destroyed.NO_KEY, null) : Objects
				.requireNonNullElse(destroyLiveKey(operator, subject, when), new Destroyed(Destroyed.ALREADY, null));
		}
		if (CurrentUnitOfWork.isStarted()) {
			keysOfThisUnitOfWork().put(LedgerStorage.subjectStream(operator, subject), null);
		}
		return destroyed;
	}

	private Destroyed destroyLiveKey(String operator, String subject, Timestamp when) {
		List<Instant> created = this.jdbc.query(
				"UPDATE ledger.subject_key SET wrapped_key = NULL, destroyed_at = ?"
						+ " WHERE operator = ? AND subject = ? AND wrapped_key IS NOT NULL RETURNING created_at",
				(row, n) -> row.getTimestamp(1).toInstant(), when, operator, subject);
		return created.isEmpty() ? null : new Destroyed(Destroyed.KEY, created.get(0));
	}

	/** Unwrapped once per batch: a subject's events often share one. */
	private SecretKey opened(byte[] wrapped, String context) {
		return (wrapped != null) ? FieldSealer.unwrap(this.masterKey, wrapped, context) : null;
	}

	private byte[] newWrappedKey(String context) {
		return this.sealer.wrap(this.masterKey, this.sealer.newKey(), context);
	}

	/**
	 * Keys read in this unit of work (a destroyed key is a present null): never kept
	 * longer, so an erasure takes effect for the next batch.
	 */
	private static Map<String, SecretKey> keysOfThisUnitOfWork() {
		return CurrentUnitOfWork.get().root().getOrComputeResource(KEYS, (name) -> new HashMap<>());
	}

	/**
	 * The subjects whose keys this unit of work sealed with, checked when it commits
	 * (after the append's lock, claimed by a handler registered before any sealing).
	 */
	private Set<String> sealedWithInThisUnitOfWork() {
		UnitOfWork<?> root = CurrentUnitOfWork.get().root();
		return root.getOrComputeResource(SEALED_WITH, (name) -> {
			Set<String> contexts = new HashSet<>();
			root.onPrepareCommit((unitOfWork) -> refuseIfErasedSince(contexts));
			return contexts;
		});
	}

}
