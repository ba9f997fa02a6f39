package kz.consentledger.query.history;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.query.audit.AccessAudit;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.api.PageView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A subject's processing history, oldest first, in pages. */
@RestController
class HistoryController {

	private final JdbcTemplate jdbc;

	private final HistoryEntries entries;

	private final AccessAudit audit;

	HistoryController(JdbcTemplate jdbc, HistoryEntries entries, AccessAudit audit) {
		this.jdbc = jdbc;
		this.entries = entries;
		this.audit = audit;
	}

	@Operation(summary = "A subject's processing history in ledger order")
	@GetMapping("/api/v1/operators/{operator}/subjects/{subject}/history")
	PageView<HistoryEntryView> history(HttpServletRequest request, @PathVariable String operator,
			@PathVariable String subject, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		PageView.check(page, size);
		return this.audit.recording(request, "read-history", operator, subject,
				() -> read(operator, subject, page, size));
	}

	private PageView<HistoryEntryView> read(String operator, String subject, int page, int size) {
		Long total = this.jdbc.queryForObject(
				"SELECT count(*) FROM query.history_entry WHERE operator = ? AND subject = ?", Long.class, operator,
				subject);
		if (total == null || total == 0) {
			throw new NotFoundException("subject", "subject " + subject + " has no history at operator " + operator);
		}
		List<HistoryEntryView> items = this.entries.query(operator, subject, "ORDER BY global_index LIMIT ? OFFSET ?",
				size, (long) page * size);
		return PageView.of(items, page, size, total);
	}

}
