package kz.consentledger.query.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.events.DataShared;
import kz.consentledger.events.EventKind;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.query.consent.CurrentConsentProjection;
import kz.consentledger.query.store.BatchWrites;
import kz.consentledger.query.store.ProjectionTables;
import kz.consentledger.query.store.RebuildableProjection;
import kz.consentledger.query.store.UnnestedRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import static kz.consentledger.query.store.Sql.timestamp;

/**
 * Appends one {@code query.history_entry} per subject event, keyed by the event's global
 * index, typed by its {@link EventKind}, with the stored event as details (sealed fields
 * stay sealed until read). A {@link JudgmentRevised} is an entry of its own and also
 * marks the entry it judges: that entry's {@code verdict} becomes the latest one (a
 * disclosure's; other judged entries have none) and {@code revised_by} names the revising
 * entry, so the history shows both judgments and the dashboard's counters, kept by
 * triggers, follow the latest (ADR 0023). The batch's entries are inserted by one
 * statement and its revisions applied by another ({@link BatchWrites},
 * {@link UnnestedRows}).
 */
@Component
@ProcessingGroup(CurrentConsentProjection.GROUP)
class HistoryProjection implements RebuildableProjection {

	private static final UnnestedRows INSERT = new UnnestedRows("""
			INSERT INTO query.history_entry (global_index, operator, subject, entry_type, occurred_at, received_at,
			  source, event_id, verdict, details)
			SELECT * FROM %s
			ON CONFLICT (global_index) DO NOTHING""", "int8", "bpchar", "varchar", "varchar", "timestamptz",
			"timestamptz", "varchar", "varchar", "varchar", "jsonb");

	/**
	 * The judged entry is the subject's entry with the judged event's idempotency key; a
	 * replay applies the same revisions in the same order, so a rebuild ends the same.
	 */
	private static final UnnestedRows REVISE = new UnnestedRows("""
			UPDATE query.history_entry h
			SET verdict = CASE WHEN h.entry_type = 'data-shared' THEN r.verdict ELSE h.verdict END,
			  revised_by = r.revised_by
			FROM %s AS r (revised_by, operator, subject, source, event_id, verdict)
			WHERE h.operator = r.operator AND h.subject = r.subject AND h.source = r.source
			  AND h.event_id = r.event_id""", "int8", "bpchar", "varchar", "varchar", "varchar", "varchar");

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final ProjectionTables tables;

	private final UnnestedRows insert;

	private final UnnestedRows revise;

	HistoryProjection(JdbcTemplate jdbc, JsonMapper json, ProjectionTables tables) {
		this.jdbc = jdbc;
		this.json = json;
		this.tables = tables;
		this.insert = tables.rows(INSERT);
		this.revise = tables.rows(REVISE);
	}

	@Override
	public ProjectionTables tables() {
		return this.tables;
	}

	@Override
	public HistoryProjection writingTo(ProjectionTables other) {
		return new HistoryProjection(this.jdbc, this.json, other);
	}

	@EventHandler
	void on(SubjectEvent event, TrackingToken token) {
		EventKind kind = EventKind.of(event);
		long position = token.position()
			.orElseThrow(() -> new IllegalStateException("the event store gave no global position for " + kind.id()));
		Provenance provenance = event.provenance();
		String verdict = (event instanceof DataShared shared) ? shared.verdict() : null;
		Object[] row = { position, event.operator(), event.subject(), kind.id(), timestamp(provenance.occurredAt()),
				timestamp(provenance.receivedAt()), provenance.source(), provenance.eventId(), verdict,
				this.json.writeValueAsString(event) };
		BatchWrites.apply(Entries.class, Entries::new, this::write, (entries) -> {
			entries.rows().add(row);
			if (event instanceof JudgmentRevised revised) {
				entries.revisions()
					.put(List.of(revised.operator(), revised.subject(), revised.judgedSource(),
							revised.judgedEventId()),
							new Object[] { position, revised.operator(), revised.subject(), revised.judgedSource(),
									revised.judgedEventId(), revised.verdict() });
			}
		});
	}

	private void write(Entries entries) {
		this.insert.write(this.jdbc, entries.rows());
		this.revise.write(this.jdbc, new ArrayList<>(entries.revisions().values()));
	}

	/**
	 * The rows of one batch, in ledger order, and its revisions: the latest per judged
	 * event, as one UPDATE may change a row only once.
	 */
	private record Entries(List<Object[]> rows, Map<List<String>, Object[]> revisions) {

		Entries() {
			this(new ArrayList<>(), new LinkedHashMap<>());
		}

	}

}
