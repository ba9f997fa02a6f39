package kz.consentledger.query.consent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.consent.ConsentFold;
import kz.consentledger.consent.ConsentFold.AcceptedPolicy;
import kz.consentledger.consent.PurposeConsent;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.EventKind;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.query.store.BatchWrites;
import kz.consentledger.query.store.LedgerEvents;
import kz.consentledger.query.store.ProjectionTables;
import kz.consentledger.query.store.RebuildableProjection;
import kz.consentledger.query.store.UnnestedRows;
import kz.consentledger.replay.PositionedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import static kz.consentledger.query.store.Sql.timestamp;

/**
 * Maintains {@code query.subject} and {@code query.current_consent} by the one rule,
 * {@link ConsentFold}. A subject's events that arrive in business order continue its fold
 * step by step over the rows they touch (read once per batch); an event older than what
 * the subject already shows, or a re-judgment, has the subject folded again from the
 * event store up to the batch, so arrival order never changes the answer. Each table is
 * written by one statement per batch ({@link BatchWrites}, {@link UnnestedRows}).
 */
@Component
@ProcessingGroup(CurrentConsentProjection.GROUP)
public class CurrentConsentProjection implements RebuildableProjection {

	/** All projections share one processor so that a rebuild replays them together. */
	public static final String GROUP = "consent-projections";

	/**
	 * A subject's acceptance columns change only with an acceptance in this batch; the
	 * business time of its facts only grows (a re-judgment carries its judged event's).
	 */
	private static final UnnestedRows UPSERT_SUBJECT = new UnnestedRows("""
			INSERT INTO query.subject AS s (operator, subject, first_received_at, last_received_at,
			  accepted_policy_version, acceptance_mode, acceptance_validity, accepted_at, last_occurred_at)
			SELECT * FROM %s
			ON CONFLICT (operator, subject) DO UPDATE SET
			  first_received_at = least(s.first_received_at, EXCLUDED.first_received_at),
			  last_received_at = greatest(s.last_received_at, EXCLUDED.last_received_at),
			  accepted_policy_version = CASE WHEN EXCLUDED.accepted_at IS NULL THEN s.accepted_policy_version
			    ELSE EXCLUDED.accepted_policy_version END,
			  acceptance_mode = CASE WHEN EXCLUDED.accepted_at IS NULL THEN s.acceptance_mode
			    ELSE EXCLUDED.acceptance_mode END,
			  acceptance_validity = CASE WHEN EXCLUDED.accepted_at IS NULL THEN s.acceptance_validity
			    ELSE EXCLUDED.acceptance_validity END,
			  accepted_at = coalesce(EXCLUDED.accepted_at, s.accepted_at),
			  last_occurred_at = greatest(s.last_occurred_at, EXCLUDED.last_occurred_at)""", "bpchar", "varchar",
			"timestamptz", "timestamptz", "varchar", "varchar", "varchar", "timestamptz", "timestamptz");

	private static final String SELECT_SUBJECTS = "SELECT operator, subject, last_occurred_at FROM query.subject "
			+ "WHERE (operator, subject) IN (SELECT * FROM unnest(?::char(12)[], ?::varchar[]))";

	private static final String SELECT_CONSENTS = "SELECT " + ConsentRow.COLUMNS
			+ " FROM query.current_consent WHERE (operator, subject, purpose) IN "
			+ "(SELECT * FROM unnest(?::char(12)[], ?::varchar[], ?::varchar[]))";

	/**
	 * A subject heard from only by disclosures has applied nothing that orders: before
	 * any business time the contract allows, so its next fact continues its fold.
	 */
	private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final LedgerEvents store;

	private final ProjectionTables tables;

	private final UnnestedRows upsertSubject;

	private final UnnestedRows upsertConsent;

	private final String selectSubjects;

	private final String selectConsents;

	CurrentConsentProjection(JdbcTemplate jdbc, JsonMapper json, LedgerEvents store, ProjectionTables tables) {
		this.jdbc = jdbc;
		this.json = json;
		this.store = store;
		this.tables = tables;
		this.upsertSubject = tables.rows(UPSERT_SUBJECT);
		this.upsertConsent = tables.rows(ConsentRow.UPSERT);
		this.selectSubjects = tables.sql(SELECT_SUBJECTS);
		this.selectConsents = tables.sql(SELECT_CONSENTS);
	}

	@Override
	public ProjectionTables tables() {
		return this.tables;
	}

	@Override
	public CurrentConsentProjection writingTo(ProjectionTables other) {
		return new CurrentConsentProjection(this.jdbc, this.json, this.store, other);
	}

	@EventHandler
	void on(SubjectEvent event, TrackingToken token) {
		long position = token.position()
			.orElseThrow(() -> new IllegalStateException("the event store gave no global position"));
		BatchWrites.apply(Changes.class, Changes::new, this::write,
				(changes) -> changes.bySubject
					.computeIfAbsent(new Subject(event.operator(), event.subject()), (key) -> new ArrayList<>())
					.add(new PositionedEvent(position, event)));
	}

	private void write(Changes changes) {
		Map<Subject, Optional<Instant>> known = knownSubjects(changes.bySubject.keySet());
		Map<Subject, List<PositionedEvent>> inOrder = new LinkedHashMap<>();
		List<Object[]> subjects = new ArrayList<>();
		List<Object[]> consents = new ArrayList<>();
		changes.bySubject.forEach((subject, events) -> {
			Optional<Instant> applied = known.get(subject);
			if (arriveInOrder(applied, events)) {
				inOrder.put(subject, events);
			}
			else {
				foldAgain(subject, events, subjects, consents);
			}
		});
		Map<Subject, Map<String, PurposeConsent>> rows = current(inOrder);
		inOrder.forEach((subject, events) -> continueFold(subject, events, rows.getOrDefault(subject, new HashMap<>()),
				known.get(subject), subjects, consents));
		this.upsertSubject.write(this.jdbc, subjects);
		this.upsertConsent.write(this.jdbc, consents);
	}

	/**
	 * Whether the events continue the subject's fold: each fact is no earlier in business
	 * time than everything applied before it, and no re-judgment is of an acceptance (one
	 * of a disclosure or grant changes no row here). A subject projected before the
	 * business time was kept (null) is folded again once.
	 */
	private static boolean arriveInOrder(Optional<Instant> applied, List<PositionedEvent> events) {
		if (applied != null && applied.isEmpty()) {
			return false;
		}
		Instant latest = (applied != null) ? applied.get() : Instant.MIN;
		for (PositionedEvent event : events) {
			if (event.event() instanceof JudgmentRevised revised
					&& EventKind.POLICY_ACCEPTED.id().equals(revised.judgedType())) {
				// Only an acceptance's validity shows here, and only if it is the latest.
				return false;
			}
			if (!changesRows(event.event())) {
				continue;
			}
			if (ConsentFold.namesEveryPurpose(event.event())) {
				// Every purpose held: the rows to step over are all the subject's.
				return false;
			}
			Instant at = event.event().provenance().occurredAt();
			if (at.isBefore(latest)) {
				return false;
			}
			latest = at;
		}
		return true;
	}

	private void continueFold(Subject subject, List<PositionedEvent> events, Map<String, PurposeConsent> purposes,
			Optional<Instant> applied, List<Object[]> subjects, List<Object[]> consents) {
		Map<String, PurposeConsent> before = new HashMap<>(purposes);
		AcceptedPolicy accepted = null;
		for (PositionedEvent event : events) {
			ConsentFold fold = ConsentFold.continuing(purposes, event.event());
			purposes = new HashMap<>(fold.purposes());
			accepted = fold.acceptedPolicy().orElse(accepted);
		}
		purposes.forEach((purpose, consent) -> {
			if (!consent.equals(before.get(purpose))) {
				consents.add(ConsentRow.parameters(subject.operator(), subject.subject(), consent, this.json));
			}
		});
		subjects.add(subjectRow(subject, events, accepted));
	}

	/**
	 * Folds the subject again from its stream in the store, up to the batch's last event.
	 */
	private void foldAgain(Subject subject, List<PositionedEvent> events, List<Object[]> subjects,
			List<Object[]> consents) {
		long last = events.get(events.size() - 1).position();
		List<PositionedEvent> stream = this.store.subjectEvents(subject.operator(), subject.subject())
			.stream()
			.filter((event) -> event.position() <= last)
			.toList();
		ConsentFold fold = ConsentFold.of(stream);
		fold.purposes()
			.values()
			.forEach((consent) -> consents
				.add(ConsentRow.parameters(subject.operator(), subject.subject(), consent, this.json)));
		subjects.add(subjectRow(subject, stream, fold.acceptedPolicy().orElse(null)));
	}

	/** The subject's row from these events (all of its stream when folded again). */
	private static Object[] subjectRow(Subject subject, List<PositionedEvent> events, AcceptedPolicy accepted) {
		Instant firstReceived = Instant.MAX;
		Instant lastReceived = Instant.MIN;
		Instant lastOccurred = EARLIEST;
		for (PositionedEvent event : events) {
			Instant received = event.event().provenance().receivedAt();
			firstReceived = received.isBefore(firstReceived) ? received : firstReceived;
			lastReceived = received.isAfter(lastReceived) ? received : lastReceived;
			Instant occurred = event.event().provenance().occurredAt();
			if (changesRows(event.event()) && occurred.isAfter(lastOccurred)) {
				lastOccurred = occurred;
			}
		}
		Timestamp acceptedAt = (accepted != null) ? timestamp(accepted.acceptedAt()) : null;
		return new Object[] { subject.operator(), subject.subject(), timestamp(firstReceived), timestamp(lastReceived),
				(accepted != null) ? accepted.version() : null, (accepted != null) ? accepted.mode() : null,
				(accepted != null) ? accepted.validity() : null, acceptedAt, timestamp(lastOccurred) };
	}

	/**
	 * Whether an event can change this projection's rows (and so their order matters).
	 */
	private static boolean changesRows(SubjectEvent event) {
		return !(event instanceof DataShared) && !(event instanceof JudgmentRevised);
	}

	/**
	 * The subjects already projected, with the latest business time applied (empty when
	 * projected before it was kept); absent ones are new.
	 */
	private Map<Subject, Optional<Instant>> knownSubjects(java.util.Set<Subject> subjects) {
		Map<Subject, Optional<Instant>> known = new HashMap<>();
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(this.selectSubjects);
			statement.setArray(1,
					connection.createArrayOf("bpchar", subjects.stream().map(Subject::operator).toArray()));
			statement.setArray(2,
					connection.createArrayOf("varchar", subjects.stream().map(Subject::subject).toArray()));
			return statement;
		}, (row) -> {
			Timestamp at = row.getTimestamp("last_occurred_at");
			known.put(new Subject(row.getString("operator"), row.getString("subject")),
					Optional.ofNullable((at != null) ? at.toInstant() : null));
		});
		return known;
	}

	/**
	 * The stored consents that the batch's events may change without replacing them
	 * first: a grant replaces a purpose whatever it held.
	 */
	private Map<Subject, Map<String, PurposeConsent>> current(Map<Subject, List<PositionedEvent>> inOrder) {
		List<Object[]> keys = new ArrayList<>();
		inOrder.forEach((subject, events) -> {
			Map<String, Boolean> firstReplaces = new HashMap<>();
			for (PositionedEvent event : events) {
				boolean grant = event.event() instanceof ConsentGranted;
				ConsentFold.purposesNamed(event.event())
					.forEach((purpose) -> firstReplaces.putIfAbsent(purpose, grant));
			}
			firstReplaces.forEach((purpose, replaces) -> {
				if (!replaces) {
					keys.add(new Object[] { subject.operator(), subject.subject(), purpose });
				}
			});
		});
		Map<Subject, Map<String, PurposeConsent>> rows = new HashMap<>();
		if (keys.isEmpty()) {
			return rows;
		}
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(this.selectConsents);
			statement.setArray(1, connection.createArrayOf("bpchar", keys.stream().map((k) -> k[0]).toArray()));
			statement.setArray(2, connection.createArrayOf("varchar", keys.stream().map((k) -> k[1]).toArray()));
			statement.setArray(3, connection.createArrayOf("varchar", keys.stream().map((k) -> k[2]).toArray()));
			return statement;
		}, (row) -> {
			PurposeConsent consent = ConsentRow.read(row, this.json);
			rows.computeIfAbsent(new Subject(row.getString("operator"), row.getString("subject")),
					(key) -> new HashMap<>())
				.put(consent.purpose(), consent);
		});
		return rows;
	}

	private record Subject(String operator, String subject) {
	}

	/** A batch's events per subject, in ledger order. */
	private static final class Changes {

		private final Map<Subject, List<PositionedEvent>> bySubject = new LinkedHashMap<>();

	}

}
