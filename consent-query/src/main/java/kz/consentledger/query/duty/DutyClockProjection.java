package kz.consentledger.query.duty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import kz.consentledger.events.SubjectEvent;
import kz.consentledger.query.consent.CurrentConsentProjection;
import kz.consentledger.query.duty.ClockMatching.Clock;
import kz.consentledger.query.store.BatchWrites;
import kz.consentledger.query.store.ProjectionTables;
import kz.consentledger.query.store.RebuildableProjection;
import kz.consentledger.query.store.Sql;
import kz.consentledger.query.store.UnnestedRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static kz.consentledger.query.store.Sql.date;
import static kz.consentledger.query.store.Sql.timestamp;

/**
 * Maintains {@code query.duty_clock} and {@code query.duty_closing}. Each batch's facts
 * ({@link DutyFacts}) join what the touched subjects already have, every closing fact is
 * kept, and each touched subject's clocks are matched again over the whole set
 * ({@link ClockMatching}): a closing fact that arrives before its clock closes it when
 * the clock comes, and a rebuild ends as the live projection did. A re-judged retention
 * ({@link Revision}) replaces its clock's rule and date. One statement per table and
 * batch ({@link BatchWrites}, {@link UnnestedRows}).
 */
@Component
@ProcessingGroup(CurrentConsentProjection.GROUP)
class DutyClockProjection implements RebuildableProjection {

	private static final UnnestedRows UPSERT_CLOCKS = new UnnestedRows("""
			INSERT INTO query.duty_clock (operator, subject, clock_source, clock_event_id, kind, trigger, request_ref,
			  legal_reference, policy_version, opened_at, opened, due_date, calendar_version, provisional, closed,
			  closing_source, closing_event_id, outcome)
			SELECT * FROM %s
			ON CONFLICT (operator, subject, clock_source, clock_event_id) DO UPDATE SET
			  legal_reference = EXCLUDED.legal_reference, due_date = EXCLUDED.due_date,
			  calendar_version = EXCLUDED.calendar_version, provisional = EXCLUDED.provisional,
			  closed = EXCLUDED.closed, closing_source = EXCLUDED.closing_source,
			  closing_event_id = EXCLUDED.closing_event_id, outcome = EXCLUDED.outcome""", "bpchar", "varchar",
			"varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "timestamptz", "date", "date",
			"varchar", "bool", "date", "varchar", "varchar", "varchar");

	private static final UnnestedRows INSERT_CLOSINGS = new UnnestedRows("""
			INSERT INTO query.duty_closing (operator, subject, source, event_id, closes, request_ref, due_event_id,
			  trigger, occurred_at, outcome)
			SELECT * FROM %s
			ON CONFLICT DO NOTHING""", "bpchar", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar",
			"varchar", "timestamptz", "varchar");

	private static final String OF_SUBJECTS = " WHERE (operator, subject) IN "
			+ "(SELECT * FROM unnest(?::char(12)[], ?::varchar[]))";

	private final JdbcTemplate jdbc;

	private final ProjectionTables tables;

	private final UnnestedRows upsertClocks;

	private final UnnestedRows insertClosings;

	DutyClockProjection(JdbcTemplate jdbc, ProjectionTables tables) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.upsertClocks = tables.rows(UPSERT_CLOCKS);
		this.insertClosings = tables.rows(INSERT_CLOSINGS);
	}

	@Override
	public ProjectionTables tables() {
		return this.tables;
	}

	@Override
	public DutyClockProjection writingTo(ProjectionTables other) {
		return new DutyClockProjection(this.jdbc, other);
	}

	@EventHandler
	void on(SubjectEvent event) {
		DutyFact fact = DutyFacts.of(event);
		if (fact != null) {
			BatchWrites.apply(Facts.class, Facts::new, this::write, (facts) -> facts.add(fact));
		}
	}

	private void write(Facts batch) {
		Facts all = new Facts();
		stored(batch.bySubject.keySet(), all);
		List<Object[]> newClosings = new ArrayList<>();
		batch.bySubject.values().forEach((facts) -> facts.values().forEach((fact) -> {
			if (fact instanceof Revision revision) {
				all.revise(revision);
			}
			else if (all.add(fact) && fact instanceof Closing closing) {
				newClosings.add(closingRow(closing));
			}
		}));
		List<Object[]> clocks = new ArrayList<>();
		all.bySubject.values().forEach((facts) -> {
			List<Opening> openings = new ArrayList<>();
			List<Closing> closings = new ArrayList<>();
			facts.values().forEach((fact) -> {
				if (fact instanceof Opening opening) {
					openings.add(opening);
				}
				else {
					closings.add((Closing) fact);
				}
			});
			ClockMatching.match(openings, closings).forEach((clock) -> clocks.add(clockRow(clock)));
		});
		this.insertClosings.write(this.jdbc, newClosings);
		this.upsertClocks.write(this.jdbc, clocks);
	}

	/** Reads the facts the subjects have so far into {@code facts}. */
	private void stored(Set<Subject> subjects, Facts facts) {
		this.jdbc.query((connection) -> subjectsStatement(connection, this.tables.sql("""
				SELECT operator, subject, clock_source, clock_event_id, kind, trigger, request_ref, legal_reference,
				  policy_version, opened_at, due_date, calendar_version, provisional FROM query.duty_clock"""),
				subjects), (row) -> {
					facts.add(new Opening(row.getString("operator"), row.getString("subject"),
							row.getString("clock_source"), row.getString("clock_event_id"), row.getString("kind"),
							row.getString("trigger"), row.getString("request_ref"), row.getString("legal_reference"),
							row.getString("policy_version"), Sql.instant(row, "opened_at"),
							Sql.localDate(row, "due_date"), row.getString("calendar_version"),
							row.getObject("provisional", Boolean.class)));
				});
		this.jdbc.query((connection) -> subjectsStatement(connection, this.tables.sql("""
				SELECT operator, subject, source, event_id, closes, request_ref, due_event_id, trigger, occurred_at,
				  outcome FROM query.duty_closing"""), subjects), (row) -> {
			facts.add(new Closing(row.getString("operator"), row.getString("subject"), row.getString("source"),
					row.getString("event_id"), row.getString("closes"), row.getString("request_ref"),
					row.getString("due_event_id"), row.getString("trigger"), Sql.instant(row, "occurred_at"),
					row.getString("outcome")));
		});
	}

	private static PreparedStatement subjectsStatement(Connection connection, String select, Set<Subject> subjects)
			throws SQLException {
		PreparedStatement statement = connection.prepareStatement(select + OF_SUBJECTS);
		statement.setArray(1, connection.createArrayOf("bpchar", subjects.stream().map(Subject::operator).toArray()));
		statement.setArray(2, connection.createArrayOf("varchar", subjects.stream().map(Subject::subject).toArray()));
		return statement;
	}

	private static Object[] clockRow(Clock clock) {
		Opening o = clock.opening();
		Closing c = clock.closing().orElse(null);
		return new Object[] { o.operator(), o.subject(), o.source(), o.eventId(), o.kind(), o.trigger(), o.requestRef(),
				o.legalReference(), o.policyVersion(), timestamp(o.openedAt()), date(o.opened()), date(o.dueDate()),
				o.calendarVersion(), o.provisional(), (c != null) ? date(c.closed()) : null,
				(c != null) ? c.source() : null, (c != null) ? c.eventId() : null, (c != null) ? c.outcome() : null };
	}

	private static Object[] closingRow(Closing c) {
		return new Object[] { c.operator(), c.subject(), c.source(), c.eventId(), c.closes(), c.requestRef(),
				c.dueEventId(), c.trigger(), timestamp(c.occurredAt()), c.outcome() };
	}

	private record Subject(String operator, String subject) {
	}

	/** Facts per subject, one per idempotency key (the first kept). */
	private static final class Facts {

		private final Map<Subject, Map<List<String>, DutyFact>> bySubject = new LinkedHashMap<>();

		/** Whether the fact is new here. */
		boolean add(DutyFact fact) {
			return this.bySubject
				.computeIfAbsent(new Subject(fact.operator(), fact.subject()), (s) -> new LinkedHashMap<>())
				.putIfAbsent(List.of(fact.source(), fact.eventId()), fact) == null;
		}

		/**
		 * The revised clock replaces its own, which precedes the revision in the
		 * subject's stream and so is here already.
		 */
		void revise(Revision revision) {
			Map<List<String>, DutyFact> facts = this.bySubject
				.get(new Subject(revision.operator(), revision.subject()));
			if (facts != null) {
				facts.computeIfPresent(List.of(revision.judgedSource(), revision.judgedEventId()),
						(key, fact) -> (fact instanceof Opening clock) ? revision.revise(clock) : fact);
			}
		}

	}

}
