package kz.consentledger.command.store;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import java.sql.Timestamp;

import javax.crypto.SecretKey;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.command.ingest.PersonalDataSealer;
import kz.consentledger.privacy.FieldSealer;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-subject AES-256 keys in {@code ledger.subject_key}, wrapped by the master key and
 * kept out of the event table: destroying a subject's row erases every sealed field of
 * that subject. Runs in the ingestion transaction, so a key exists exactly when the
 * events sealed with it do.
 */
@Component
class SubjectKeyStore implements PersonalDataSealer {

	private static final String KEY_OF_SUBJECT = """
			WITH created AS (
			  INSERT INTO ledger.subject_key (operator, subject, wrapped_key, created_at) VALUES (?, ?, ?, ?)
			  ON CONFLICT (operator, subject) DO NOTHING RETURNING wrapped_key)
			SELECT wrapped_key FROM created
			UNION ALL
			SELECT wrapped_key FROM ledger.subject_key WHERE operator = ? AND subject = ?
			LIMIT 1""";

	private static final String KEYS = SubjectKeyStore.class.getName() + ".keys";

	private final JdbcTemplate jdbc;

	private final FieldSealer sealer = new FieldSealer(new SecureRandom());

	private final SecretKey masterKey;

	private final Clock clock;

	SubjectKeyStore(JdbcTemplate jdbc, LedgerProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.masterKey = FieldSealer.masterKey(properties.privacy().masterKey());
		this.clock = clock;
	}

	@Override
	public void prepare(Collection<String> subjects) {
		if (subjects.isEmpty() || !CurrentUnitOfWork.isStarted()) {
			return;
		}
		Map<String, byte[]> known = keysOfThisUnitOfWork();
		List<String> wanted = subjects.stream().distinct().filter((context) -> !known.containsKey(context)).toList();
		if (wanted.isEmpty()) {
			return;
		}
		String[] operators = wanted.stream()
			.map((context) -> context.substring(0, context.indexOf(':')))
			.toArray(String[]::new);
		String[] names = wanted.stream()
			.map((context) -> context.substring(context.indexOf(':') + 1))
			.toArray(String[]::new);
		Timestamp now = Timestamp.from(this.clock.instant());
		// New keys for all, inserted where missing; then every key as stored (ours or an
		// earlier one, possibly destroyed: null).
		List<Object[]> candidates = new ArrayList<>();
		for (int i = 0; i < wanted.size(); i++) {
			candidates.add(new Object[] { operators[i], names[i], newWrappedKey(wanted.get(i)), now });
		}
		this.jdbc.batchUpdate("INSERT INTO ledger.subject_key (operator, subject, wrapped_key, created_at)"
				+ " VALUES (?, ?, ?, ?) ON CONFLICT (operator, subject) DO NOTHING", candidates);
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("SELECT k.operator, k.subject, k.wrapped_key"
					+ " FROM ledger.subject_key k JOIN unnest(?::char(12)[], ?::varchar[]) AS w (operator, subject)"
					+ " ON k.operator = w.operator AND k.subject = w.subject");
			statement.setArray(1, connection.createArrayOf("bpchar", operators));
			statement.setArray(2, connection.createArrayOf("varchar", names));
			return statement;
		}, (row) -> {
			known.put(row.getString(1).trim() + ":" + row.getString(2), row.getBytes(3));
		});
	}

	@Override
	public String seal(String operator, String subject, String plaintext) {
		if (plaintext == null) {
			return null;
		}
		String context = operator + ":" + subject;
		Map<String, byte[]> known = CurrentUnitOfWork.isStarted() ? keysOfThisUnitOfWork() : new HashMap<>();
		byte[] wrapped = known.computeIfAbsent(context, (missing) -> {
			byte[] candidate = newWrappedKey(context);
			return this.jdbc.queryForObject(KEY_OF_SUBJECT, byte[].class, operator, subject, candidate,
					Timestamp.from(this.clock.instant()), operator, subject);
		});
		if (wrapped == null) {
			throw new IllegalStateException("the key of subject " + context + " was destroyed (erased subject)");
		}
		return this.sealer.seal(FieldSealer.unwrap(this.masterKey, wrapped, context), plaintext, context);
	}

	private byte[] newWrappedKey(String context) {
		return this.sealer.wrap(this.masterKey, this.sealer.newKey(), context);
	}

	/**
	 * Wrapped keys read in this unit of work (a destroyed key is a present null): never
	 * kept longer, so an erasure takes effect for the next batch.
	 */
	private static Map<String, byte[]> keysOfThisUnitOfWork() {
		return CurrentUnitOfWork.get().root().getOrComputeResource(KEYS, (name) -> new HashMap<>());
	}

}
