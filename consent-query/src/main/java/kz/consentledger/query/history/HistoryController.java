package kz.consentledger.query.history;

import io.swagger.v3.oas.annotations.Operation;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.api.PageView;
import kz.consentledger.query.privacy.SealedFieldOpener;
import kz.consentledger.query.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** A subject's processing history, oldest first, in pages. */
@RestController
class HistoryController {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final SealedFieldOpener opener;

	HistoryController(JdbcTemplate jdbc, JsonMapper json, SealedFieldOpener opener) {
		this.jdbc = jdbc;
		this.json = json;
		this.opener = opener;
	}

	@Operation(summary = "A subject's processing history in ledger order")
	@GetMapping("/api/v1/operators/{operator}/subjects/{subject}/history")
	PageView<HistoryEntryView> history(@PathVariable String operator, @PathVariable String subject,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		PageView.check(page, size);
		Long total = this.jdbc.queryForObject(
				"SELECT count(*) FROM query.history_entry WHERE operator = ? AND subject = ?", Long.class, operator,
				subject);
		if (total == null || total == 0) {
			throw new NotFoundException("subject", "subject " + subject + " has no history at operator " + operator);
		}
		SealedFieldOpener.Reader sealed = this.opener.forSubject(operator, subject);
		var items = this.jdbc.query("""
				SELECT * FROM query.history_entry WHERE operator = ? AND subject = ?
				ORDER BY global_index LIMIT ? OFFSET ?""",
				(row, n) -> new HistoryEntryView(row.getLong("global_index"), row.getString("entry_type"),
						Sql.instant(row, "occurred_at"), Sql.instant(row, "received_at"), row.getString("source"),
						row.getString("event_id"), row.getString("verdict"),
						sealed.openAll(this.json.readTree(row.getString("details")))),
				operator, subject, size, (long) page * size);
		return PageView.of(items, page, size, total);
	}

}
