package kz.consentledger.query.consent;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.Provenance;
import kz.consentledger.query.consent.ConsentRow.Key;
import kz.consentledger.query.store.BatchWrites;
import kz.consentledger.query.store.UnnestedRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import static kz.consentledger.query.store.Sql.date;
import static kz.consentledger.query.store.Sql.timestamp;

/**
 * Maintains {@code query.subject} and {@code query.current_consent}. A grant replaces the
 * purposes it names; a withdrawal marks them withdrawn with the stop due date; a refused
 * withdrawal leaves them active and records the refusal beside them. The events of a
 * batch are folded in memory, in order, over the rows they touch (read once per batch
 * unless a grant replaces them first), and each table is written by one statement
 * ({@link BatchWrites}, {@link UnnestedRows}).
 */
@Component
@ProcessingGroup(CurrentConsentProjection.GROUP)
public class CurrentConsentProjection {

	/** All projections share one processor so that a rebuild replays them together. */
	public static final String GROUP = "consent-projections";

	/** A subject's acceptance columns change only with an acceptance in this batch. */
	private static final UnnestedRows UPSERT_SUBJECT = new UnnestedRows("""
			INSERT INTO query.subject AS s (operator, subject, first_received_at, last_received_at,
			  accepted_policy_version, acceptance_mode, acceptance_validity, accepted_at)
			SELECT * FROM %s
			ON CONFLICT (operator, subject) DO UPDATE SET last_received_at = EXCLUDED.last_received_at,
			  accepted_policy_version = CASE WHEN EXCLUDED.accepted_at IS NULL THEN s.accepted_policy_version
			    ELSE EXCLUDED.accepted_policy_version END,
			  acceptance_mode = CASE WHEN EXCLUDED.accepted_at IS NULL THEN s.acceptance_mode
			    ELSE EXCLUDED.acceptance_mode END,
			  acceptance_validity = CASE WHEN EXCLUDED.accepted_at IS NULL THEN s.acceptance_validity
			    ELSE EXCLUDED.acceptance_validity END,
			  accepted_at = coalesce(EXCLUDED.accepted_at, s.accepted_at)""", "bpchar", "varchar", "timestamptz",
			"timestamptz", "varchar", "varchar", "varchar", "timestamptz");

	private static final String SELECT_CONSENTS = "SELECT " + ConsentRow.COLUMNS
			+ " FROM query.current_consent WHERE (operator, subject, purpose) IN "
			+ "(SELECT * FROM unnest(?::char(12)[], ?::varchar[], ?::varchar[]))";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	CurrentConsentProjection(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@EventHandler
	void on(ConsentGranted event) {
		String categories = this.json.writeValueAsString(event.dataCategories());
		String recipients = this.json.writeValueAsString(event.recipients());
		String countries = this.json.writeValueAsString(event.crossBorderCountries());
		change(event.operator(), event.subject(), event.provenance(), (changes) -> {
			for (String purpose : event.purposes()) {
				ConsentRow granted = new ConsentRow(event.operator(), event.subject(), purpose, "active", categories,
						recipients, countries, event.policyVersion(), event.grantedBy().kind(),
						event.grantedBy().name(), event.channel(), event.language(),
						timestamp(event.provenance().occurredAt()), timestamp(event.expiresAt()), null, null, null,
						null);
				changes.consent(granted.key(), true, (current) -> granted);
			}
		});
	}

	@EventHandler
	void on(ConsentWithdrawn event) {
		Timestamp at = timestamp(event.provenance().occurredAt());
		change(event.operator(), event.subject(), event.provenance(), (changes) -> {
			for (String purpose : event.purposes()) {
				changes.consent(new Key(event.operator(), event.subject(), purpose), false,
						(current) -> (current == null) ? null
								: current.withdrawn(at, event.channel(), date(event.stopDueBy())));
			}
		});
	}

	@EventHandler
	void on(ConsentWithdrawalRefused event) {
		Map<String, Object> refusal = new LinkedHashMap<>();
		refusal.put("requestedAt", event.provenance().occurredAt());
		refusal.put("channel", event.channel());
		refusal.put("applicationRef", event.applicationRef());
		refusal.put("reason", event.refusal().reason());
		refusal.put("detail", event.refusal().detail());
		refusal.put("reference", event.refusal().reference());
		String pending = this.json.writeValueAsString(refusal);
		change(event.operator(), event.subject(), event.provenance(), (changes) -> {
			for (String purpose : event.purposes()) {
				changes.consent(new Key(event.operator(), event.subject(), purpose), false,
						(current) -> (current != null && current.active()) ? current.refused(pending) : current);
			}
		});
	}

	@EventHandler
	void on(PolicyAccepted event) {
		change(event.operator(), event.subject(), event.provenance(),
				(changes) -> changes.subjects.computeIfPresent(List.of(event.operator(), event.subject()),
						(key, subject) -> subject.accepting(event.policyVersion(), event.mode(), event.validity(),
								timestamp(event.provenance().occurredAt()))));
	}

	/** A disclosure changes no consent: the subject was heard from, that is all. */
	@EventHandler
	void on(DataShared event) {
		change(event.operator(), event.subject(), event.provenance(), (changes) -> {
		});
	}

	/**
	 * TRUNCATE fires no trigger, so the dashboard's counters (kept by triggers on these
	 * tables and on the history) are emptied with them rather than counted down.
	 */
	@ResetHandler
	void reset() {
		this.jdbc.update(
				"TRUNCATE query.current_consent, query.subject, query.dashboard_counter, " + "query.dashboard_delta");
	}

	/** Records that the subject was heard from, then the event's own {@code change}. */
	private void change(String operator, String subject, Provenance provenance, Consumer<Changes> change) {
		Timestamp received = timestamp(provenance.receivedAt());
		BatchWrites.apply(Changes.class, Changes::new, this::write, (changes) -> {
			changes.subjects.merge(List.of(operator, subject),
					new SubjectRow(operator, subject, received, received, null, null, null, null),
					(earlier, later) -> earlier.receivedAgain(received));
			change.accept(changes);
		});
	}

	private void write(Changes changes) {
		UPSERT_SUBJECT.write(this.jdbc, changes.subjects.values().stream().map(SubjectRow::parameters).toList());
		Map<Key, ConsentRow> rows = current(changes.toRead());
		Map<Key, ConsentRow> changed = new LinkedHashMap<>();
		for (Change change : changes.consents) {
			ConsentRow before = rows.get(change.key());
			ConsentRow after = change.apply().apply(before);
			if (after != before) {
				rows.put(change.key(), after);
				changed.put(change.key(), after);
			}
		}
		ConsentRow.UPSERT.write(this.jdbc, changed.values().stream().map(ConsentRow::parameters).toList());
	}

	/** The stored rows of these consents (absent ones are not in the map). */
	private Map<Key, ConsentRow> current(List<Key> keys) {
		Map<Key, ConsentRow> rows = new HashMap<>();
		if (keys.isEmpty()) {
			return rows;
		}
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(SELECT_CONSENTS);
			statement.setArray(1, connection.createArrayOf("bpchar", keys.stream().map(Key::operator).toArray()));
			statement.setArray(2, connection.createArrayOf("varchar", keys.stream().map(Key::subject).toArray()));
			statement.setArray(3, connection.createArrayOf("varchar", keys.stream().map(Key::purpose).toArray()));
			return statement;
		}, (row) -> {
			ConsentRow consent = ConsentRow.fromRow(row);
			rows.put(consent.key(), consent);
		});
		return rows;
	}

	/**
	 * One event's effect on one consent; a replacing change does not depend on the row.
	 */
	private record Change(Key key, boolean replaces, UnaryOperator<ConsentRow> apply) {
	}

	/** What a batch changes, in event order. */
	private static final class Changes {

		private final Map<List<String>, SubjectRow> subjects = new LinkedHashMap<>();

		private final List<Change> consents = new ArrayList<>();

		void consent(Key key, boolean replaces, UnaryOperator<ConsentRow> apply) {
			this.consents.add(new Change(key, replaces, apply));
		}

		/** The consents whose first change in the batch depends on the stored row. */
		List<Key> toRead() {
			Map<Key, Boolean> firstReplaces = new LinkedHashMap<>();
			this.consents.forEach((change) -> firstReplaces.putIfAbsent(change.key(), change.replaces()));
			return firstReplaces.entrySet()
				.stream()
				.filter((first) -> !first.getValue())
				.map(Map.Entry::getKey)
				.toList();
		}

	}

	/**
	 * A subject's row as the batch leaves it; the acceptance is null unless the batch
	 * accepted.
	 */
	private record SubjectRow(String operator, String subject, Timestamp firstReceivedAt, Timestamp lastReceivedAt,
			String acceptedPolicyVersion, String acceptanceMode, String acceptanceValidity, Timestamp acceptedAt) {

		SubjectRow receivedAgain(Timestamp received) {
			return new SubjectRow(this.operator, this.subject, this.firstReceivedAt, received,
					this.acceptedPolicyVersion, this.acceptanceMode, this.acceptanceValidity, this.acceptedAt);
		}

		SubjectRow accepting(String version, String mode, String validity, Timestamp at) {
			return new SubjectRow(this.operator, this.subject, this.firstReceivedAt, this.lastReceivedAt, version, mode,
					validity, at);
		}

		Object[] parameters() {
			return new Object[] { this.operator, this.subject, this.firstReceivedAt, this.lastReceivedAt,
					this.acceptedPolicyVersion, this.acceptanceMode, this.acceptanceValidity, this.acceptedAt };
		}

	}

}
