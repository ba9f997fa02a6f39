package kz.consentledger.query.history;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.query.privacy.SealedFieldOpener;
import kz.consentledger.query.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a subject's entries of {@code query.history_entry}, with sealed fields opened and
 * each entry's chain position: the one {@code position} the history, export bundles and
 * the verifier share (the chain is written in the event's own append transaction, so an
 * entry's chain row is always there to read).
 */
@Component
public class HistoryEntries {

	/**
	 * Positions are looked up by scalar subqueries, so the caller's conditions still name
	 * the history's own columns only.
	 */
	private static final String SELECT = """
			SELECT h.*,
			  (SELECT c.position FROM ledger.event_chain c WHERE c.global_index = h.global_index) AS position,
			  (SELECT c.position FROM ledger.event_chain c WHERE c.global_index = h.revised_by) AS revised_by_position
			FROM query.history_entry h WHERE operator = ? AND subject = ?\s""";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final SealedFieldOpener opener;

	HistoryEntries(JdbcTemplate jdbc, JsonMapper json, SealedFieldOpener opener) {
		this.jdbc = jdbc;
		this.json = json;
		this.opener = opener;
	}

	/**
	 * @param tail SQL after the subject condition: more conditions ({@code AND ...}),
	 * order and limits, with their arguments in {@code args}
	 */
	public List<HistoryEntryView> query(String operator, String subject, String tail, Object... args) {
		SealedFieldOpener.Reader sealed = this.opener.forSubject(operator, subject);
		List<Object> all = new ArrayList<>(List.of(operator, subject));
		all.addAll(List.of(args));
		return this.jdbc.query(SELECT + tail,
				(row, n) -> new HistoryEntryView(row.getObject("position", Long.class), row.getLong("global_index"),
						row.getString("entry_type"), Sql.instant(row, "occurred_at"), Sql.instant(row, "received_at"),
						row.getString("source"), row.getString("event_id"), row.getString("verdict"),
						row.getObject("revised_by_position", Long.class),
						sealed.openAll(this.json.readTree(row.getString("details")))),
				all.toArray());
	}

}
