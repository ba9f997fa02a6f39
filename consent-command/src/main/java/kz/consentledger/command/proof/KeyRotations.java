package kz.consentledger.command.proof;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.KeyRotation;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.proof.TrustPolicy;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's key history ({@code ledger.key_rotation}). At start the signing key must
 * be one the configuration trusts or one its rotation statements reach; a new key given
 * with the key it replaces ({@code ledger.proof.previous-signing-key-file}) is recorded
 * by a statement both keys sign. A key swapped in any other way stops the service.
 */
@Component
public class KeyRotations {

	private static final Logger LOG = LoggerFactory.getLogger(KeyRotations.class);

	private final JdbcTemplate jdbc;

	private final TrustPolicy configured;

	private final NoteSigner signer;

	private final String origin;

	private final Path previousKeyFile;

	private final Clock clock;

	KeyRotations(JdbcTemplate jdbc, TrustPolicy configured, SigningKey key, LedgerProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.configured = configured;
		this.origin = properties.proof().origin();
		this.signer = key.noteSigner(this.origin);
		this.previousKeyFile = properties.proof().previousSigningKeyFile();
		this.clock = clock;
	}

	@PostConstruct
	void requireATrustedKey() {
		List<String> failures = new ArrayList<>();
		NoteVerifier current = this.signer.verifier();
		if (policy(failures).ledgerKeys().contains(current)) {
			return;
		}
		if (this.previousKeyFile == null) {
			throw new IllegalStateException("the signing key " + current.vkey() + " is neither trusted by the "
					+ "configuration (ledger.proof.trusted-keys) nor reached by a key rotation statement: to rotate, "
					+ "start once with the key it replaces in ledger.proof.previous-signing-key-file");
		}
		NoteSigner previous = SigningKey.load(this.previousKeyFile).noteSigner(this.origin);
		if (!policy(failures).ledgerKeys().contains(previous.verifier())) {
			throw new IllegalStateException("the previous key " + previous.verifier().vkey() + " in "
					+ this.previousKeyFile + " is not trusted either: a rotation starts from a trusted key");
		}
		Long size = this.jdbc.queryForObject("SELECT coalesce(max(size), 0) FROM ledger.tree_head", Long.class);
		SignedNote statement = new KeyRotation(this.origin, previous.verifier(), current, size).sign(previous,
				this.signer, this.clock.instant().getEpochSecond());
		try {
			this.jdbc.update("""
					INSERT INTO ledger.key_rotation (sequence, note, recorded_at)
					SELECT coalesce(max(sequence), 0) + 1, ?, ? FROM ledger.key_rotation""", statement.text(),
					Timestamp.from(this.clock.instant()));
		}
		catch (DuplicateKeyException ex) {
			// Another instance started with the same keys at the same moment: its
			// statement must lead here.
			if (!policy(new ArrayList<>()).ledgerKeys().contains(current)) {
				throw ex;
			}
			return;
		}
		LOG.info("recorded the rotation from key {} to key {} at {} positions", previous.verifier().vkey(),
				current.vkey(), size);
	}

	/**
	 * The rotation statements in the store that are signed notes, oldest first;
	 * {@code failures} receives the others.
	 */
	public List<SignedNote> statements(List<String> failures) {
		List<SignedNote> statements = new ArrayList<>();
		this.jdbc.query("SELECT sequence, note FROM ledger.key_rotation ORDER BY sequence", (row) -> {
			try {
				statements.add(SignedNote.parse(row.getString(2)));
			}
			catch (IllegalArgumentException ex) {
				failures.add("key rotation statement " + row.getLong(1) + " is not a signed note: " + ex.getMessage());
			}
		});
		return statements;
	}

	/**
	 * The configured trust with the keys the stored statements reach; {@code failures}
	 * receives each statement that does not count and why.
	 */
	public TrustPolicy policy(List<String> failures) {
		return this.configured
			.withLedgerKeys(KeyRotation.follow(this.configured.ledgerKeys(), statements(failures), failures));
	}

}
