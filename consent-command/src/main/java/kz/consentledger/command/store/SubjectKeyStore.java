package kz.consentledger.command.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.sql.Timestamp;

import javax.crypto.SecretKey;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.command.ingest.PersonalDataSealer;
import kz.consentledger.privacy.FieldSealer;
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
	public String seal(String operator, String subject, String plaintext) {
		if (plaintext == null) {
			return null;
		}
		String context = operator + ":" + subject;
		byte[] candidate = this.sealer.wrap(this.masterKey, this.sealer.newKey(), context);
		byte[] wrapped = this.jdbc.queryForObject(KEY_OF_SUBJECT, byte[].class, operator, subject, candidate,
				Timestamp.from(this.clock.instant()), operator, subject);
		if (wrapped == null) {
			throw new IllegalStateException("the key of subject " + context + " was destroyed (erased subject)");
		}
		return this.sealer.seal(FieldSealer.unwrap(this.masterKey, wrapped, context), plaintext, context);
	}

}
