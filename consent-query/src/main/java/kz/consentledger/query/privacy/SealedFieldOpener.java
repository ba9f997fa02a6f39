package kz.consentledger.query.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;

import kz.consentledger.privacy.FieldSealer;
import kz.consentledger.query.QueryProperties;
import kz.consentledger.service.store.MasterKeyCheck;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opens sealed fields with the subject's key from {@code ledger.subject_key}. Projections
 * keep the sealed form; opening happens on the way out, so once a subject's key is
 * destroyed every view shows {@value #ERASED} instead of the data. Nothing is opened with
 * a master key other than the store's ({@link MasterKeyCheck}): checked at start, or at
 * the first reader if the store did not exist yet.
 */
@Component
public class SealedFieldOpener {

	public static final String ERASED = FieldSealer.ERASED;

	private final JdbcTemplate jdbc;

	private final SecretKey masterKey;

	private final String configuredKey;

	private final Clock clock;

	private volatile boolean keyChecked;

	SealedFieldOpener(JdbcTemplate jdbc, QueryProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.configuredKey = properties.privacy().masterKey();
		this.masterKey = FieldSealer.masterKey(this.configuredKey);
		this.clock = clock;
		this.keyChecked = MasterKeyCheck.require(jdbc, this.configuredKey, clock.instant(), false);
	}

	/** A reader of one subject's sealed fields; looks the key up at most once. */
	public Reader forSubject(String operator, String subject) {
		if (!this.keyChecked) {
			this.keyChecked = MasterKeyCheck.require(this.jdbc, this.configuredKey, this.clock.instant(), false);
		}
		return new Reader(operator, subject);
	}

	public final class Reader {

		private final String operator;

		private final String subject;

		private SecretKey key;

		private boolean looked;

		private Reader(String operator, String subject) {
			this.operator = operator;
			this.subject = subject;
		}

		public String open(String value) {
			if (!FieldSealer.isSealed(value)) {
				return value;
			}
			SecretKey subjectKey = key();
			return (subjectKey != null) ? FieldSealer.open(subjectKey, value, context()) : ERASED;
		}

		/** A copy of {@code node} with every sealed string opened. */
		public JsonNode openAll(JsonNode node) {
			JsonNode copy = node.deepCopy();
			openInPlace(copy);
			return copy;
		}

		private void openInPlace(JsonNode node) {
			if (node instanceof ObjectNode object) {
				for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
					if (field.getValue().isString()) {
						object.put(field.getKey(), open(field.getValue().asString()));
					}
					else {
						openInPlace(field.getValue());
					}
				}
			}
			else if (node instanceof ArrayNode array) {
				for (int i = 0; i < array.size(); i++) {
					if (array.get(i).isString()) {
						array.set(i, array.stringNode(open(array.get(i).asString())));
					}
					else {
						openInPlace(array.get(i));
					}
				}
			}
		}

		private SecretKey key() {
			if (!this.looked) {
				this.looked = true;
				List<byte[]> wrapped = SealedFieldOpener.this.jdbc.query(
						"SELECT wrapped_key FROM ledger.subject_key WHERE operator = ? AND subject = ? AND wrapped_key IS NOT NULL",
						(row, n) -> row.getBytes(1), this.operator, this.subject);
				this.key = wrapped.isEmpty() ? null
						: FieldSealer.unwrap(SealedFieldOpener.this.masterKey, wrapped.get(0), context());
			}
			return this.key;
		}

		private String context() {
			return this.operator + ":" + this.subject;
		}

	}

}
