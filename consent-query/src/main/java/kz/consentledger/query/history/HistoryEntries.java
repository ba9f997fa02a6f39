package kz.consentledger.query.history;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.query.privacy.SealedFieldOpener;
import kz.consentledger.query.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a subject's entries of {@code query.history_entry}, with sealed fields opened.
 */
@Component
public class HistoryEntries {

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
		return this.jdbc.query("SELECT * FROM query.history_entry WHERE operator = ? AND subject = ? " + tail,
				(row, n) -> new HistoryEntryView(row.getLong("global_index"), row.getString("entry_type"),
						Sql.instant(row, "occurred_at"), Sql.instant(row, "received_at"), row.getString("source"),
						row.getString("event_id"), row.getString("verdict"),
						sealed.openAll(this.json.readTree(row.getString("details")))),
				all.toArray());
	}

}
