package kz.consentledger.query.consent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import kz.consentledger.consent.ConsentFold;
import kz.consentledger.consent.ConsentFold.AcceptedPolicy;
import kz.consentledger.consent.PurposeConsent;
import kz.consentledger.query.parking.ParkedEvents;
import kz.consentledger.query.store.LedgerEvents;
import kz.consentledger.query.store.Sql;
import kz.consentledger.replay.PositionedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agreement check: the current-consent projection against {@link ConsentFold} of each
 * subject's stream in the store. A subject with events past the projections' position
 * (still in flight) or with parked events is counted as skipped, not compared.
 */
@Component
public class ConsentAgreement {

	/** Differences listed in full; the rest are counted. */
	static final int LISTED = 100;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final LedgerEvents store;

	private final ParkedEvents parked;

	ConsentAgreement(JdbcTemplate jdbc, JsonMapper json, LedgerEvents store, ParkedEvents parked) {
		this.jdbc = jdbc;
		this.json = json;
		this.store = store;
		this.parked = parked;
	}

	/**
	 * @param operator only this operator's subjects, or all
	 * @param projectedUpTo the position every segment of the projections has reached
	 */
	public Report check(Optional<String> operator, long projectedUpTo) {
		List<String[]> subjects = this.jdbc.query(
				"SELECT operator, subject FROM query.subject WHERE operator = coalesce(?, operator) "
						+ "ORDER BY operator, subject",
				(row, n) -> new String[] { row.getString(1), row.getString(2) }, operator.orElse(null));
		int compared = 0;
		int skipped = 0;
		List<Difference> differences = new ArrayList<>();
		int count = 0;
		for (String[] subject : subjects) {
			List<PositionedEvent> stream = this.store.subjectEvents(subject[0], subject[1]);
			boolean inFlight = stream.stream().anyMatch((event) -> event.position() > projectedUpTo);
			if (inFlight || this.parked.ofSubject(subject[0], subject[1]) > 0) {
				skipped++;
				continue;
			}
			compared++;
			for (Difference difference : compare(subject[0], subject[1], ConsentFold.of(stream))) {
				count++;
				if (differences.size() < LISTED) {
					differences.add(difference);
				}
			}
		}
		return new Report(projectedUpTo, compared, skipped, count, differences);
	}

	private List<Difference> compare(String operator, String subject, ConsentFold fold) {
		Map<String, PurposeConsent> projected = new HashMap<>();
		this.jdbc.query(
				"SELECT " + ConsentRow.COLUMNS + " FROM query.current_consent WHERE operator = ? AND subject = ?",
				(row) -> {
					PurposeConsent consent = ConsentRow.read(row, this.json);
					projected.put(consent.purpose(), consent);
				}, operator, subject);
		List<Difference> differences = new ArrayList<>();
		TreeSet<String> purposes = new TreeSet<>(projected.keySet());
		purposes.addAll(fold.purposes().keySet());
		for (String purpose : purposes) {
			PurposeConsent shown = projected.get(purpose);
			PurposeConsent folded = fold.purposes().get(purpose);
			if (!Objects.equals(shown, folded)) {
				differences.add(new Difference(operator, subject, "purpose " + purpose, shown, folded));
			}
		}
		Acceptance shown = this.jdbc.queryForObject(
				"SELECT accepted_policy_version, acceptance_mode, acceptance_validity, accepted_at FROM query.subject "
						+ "WHERE operator = ? AND subject = ?",
				(row, n) -> (row.getString(1) != null) ? new Acceptance(row.getString(1), row.getString(2),
						row.getString(3), Sql.instant(row, "accepted_at")) : null,
				operator, subject);
		AcceptedPolicy accepted = fold.acceptedPolicy().orElse(null);
		Acceptance folded = (accepted != null)
				? new Acceptance(accepted.version(), accepted.mode(), accepted.validity(), accepted.acceptedAt())
				: null;
		if (!Objects.equals(shown, folded)) {
			differences.add(new Difference(operator, subject, "accepted policy", shown, folded));
		}
		return differences;
	}

	private record Acceptance(String version, String mode, String validity, java.time.Instant acceptedAt) {
	}

	/** What the projection shows and what the fold gives, where they differ. */
	public record Difference(String operator, String subject, String what, Object projection, Object fold) {
	}

	/**
	 * @param differenceCount all differences; {@code differences} lists the first 100
	 */
	public record Report(long projectedUpTo, int subjectsCompared, int subjectsSkipped, int differenceCount,
			List<Difference> differences) {
	}

}
