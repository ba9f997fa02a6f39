package kz.consentledger.query.history;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.query.audit.AccessAudit;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.api.PageView;
import kz.consentledger.query.parking.ParkedEvents;
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

	private final ParkedEvents parked;

	HistoryController(JdbcTemplate jdbc, HistoryEntries entries, AccessAudit audit, ParkedEvents parked) {
		this.jdbc = jdbc;
		this.entries = entries;
		this.audit = audit;
		this.parked = parked;
	}

	@Operation(summary = "A subject's processing history in ledger order",
			description = "Each entry's position is its chain position, the position of export bundles, checkpoints "
					+ "and the offline verifier. A judgment-revised entry records a re-judgment of an earlier entry, "
					+ "which then shows the latest verdict and names the revising entry's position in revisedBy "
					+ "(the verdict given at receipt stays in its details).")
	@GetMapping("/api/v1/operators/{operator}/subjects/{subject}/history")
	HistoryPage history(HttpServletRequest request, @PathVariable String operator, @PathVariable String subject,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		PageView.check(page, size);
		return this.audit.recording(request, "read-history", operator, subject,
				() -> read(operator, subject, page, size));
	}

	private HistoryPage read(String operator, String subject, int page, int size) {
		long parkedEvents = this.parked.ofSubject(operator, subject);
		Long total = this.jdbc.queryForObject(
				"SELECT count(*) FROM query.history_entry WHERE operator = ? AND subject = ?", Long.class, operator,
				subject);
		if ((total == null || total == 0) && parkedEvents == 0) {
			throw new NotFoundException("subject", "subject " + subject + " has no history at operator " + operator);
		}
		List<HistoryEntryView> items = this.entries.query(operator, subject, "ORDER BY global_index LIMIT ? OFFSET ?",
				size, (long) page * size);
		PageView<HistoryEntryView> view = PageView.of(items, page, size, (total != null) ? total : 0);
		return new HistoryPage(view.items(), view.page(), view.size(), view.totalItems(), view.totalPages(),
				parkedEvents > 0, parkedEvents);
	}

	/**
	 * One page of the history; {@code incomplete}: {@code parkedEvents} of the subject's
	 * events could not be applied yet (docs/reliability.md) and are not in it.
	 */
	record HistoryPage(List<HistoryEntryView> items, int page, int size, long totalItems, int totalPages,
			boolean incomplete, long parkedEvents) {
	}

}
