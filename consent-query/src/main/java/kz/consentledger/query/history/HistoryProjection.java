package kz.consentledger.query.history;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.Provenance;
import kz.consentledger.query.consent.CurrentConsentProjection;
import kz.consentledger.query.store.BatchWrites;
import kz.consentledger.query.store.UnnestedRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import static kz.consentledger.query.store.Sql.timestamp;

/**
 * Appends one {@code query.history_entry} per subject event, keyed by the event's global
 * index (ledger order), with the stored event as details (sealed fields stay sealed until
 * read). The batch's entries are inserted by one statement ({@link BatchWrites},
 * {@link UnnestedRows}).
 */
@Component
@ProcessingGroup(CurrentConsentProjection.GROUP)
class HistoryProjection {

	private static final UnnestedRows INSERT = new UnnestedRows("""
			INSERT INTO query.history_entry (global_index, operator, subject, entry_type, occurred_at, received_at,
			  source, event_id, verdict, details)
			SELECT * FROM %s
			ON CONFLICT (global_index) DO NOTHING""", "int8", "bpchar", "varchar", "varchar", "timestamptz",
			"timestamptz", "varchar", "varchar", "varchar", "jsonb");

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	HistoryProjection(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@EventHandler
	void on(ConsentGranted event, TrackingToken token) {
		insert(token, event.operator(), event.subject(), "consent-granted", null, event.provenance(), event);
	}

	@EventHandler
	void on(ConsentWithdrawn event, TrackingToken token) {
		insert(token, event.operator(), event.subject(), "consent-withdrawn", null, event.provenance(), event);
	}

	@EventHandler
	void on(ConsentWithdrawalRefused event, TrackingToken token) {
		insert(token, event.operator(), event.subject(), "consent-withdrawal-refused", null, event.provenance(), event);
	}

	@EventHandler
	void on(PolicyAccepted event, TrackingToken token) {
		insert(token, event.operator(), event.subject(), "policy-accepted", null, event.provenance(), event);
	}

	@EventHandler
	void on(DataShared event, TrackingToken token) {
		insert(token, event.operator(), event.subject(), "data-shared", event.verdict(), event.provenance(), event);
	}

	@ResetHandler
	void reset() {
		this.jdbc.update("TRUNCATE query.history_entry");
	}

	private void insert(TrackingToken token, String operator, String subject, String type, String verdict,
			Provenance provenance, Object event) {
		long position = token.position()
			.orElseThrow(() -> new IllegalStateException("the event store gave no global position for " + type));
		Object[] row = { position, operator, subject, type, timestamp(provenance.occurredAt()),
				timestamp(provenance.receivedAt()), provenance.source(), provenance.eventId(), verdict,
				this.json.writeValueAsString(event) };
		BatchWrites.apply(Entries.class, Entries::new, this::write, (entries) -> entries.rows().add(row));
	}

	private void write(Entries entries) {
		INSERT.write(this.jdbc, entries.rows());
	}

	/** The rows of one batch, in ledger order. */
	private record Entries(List<Object[]> rows) {

		Entries() {
			this(new ArrayList<>());
		}

	}

}
