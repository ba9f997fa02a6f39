package kz.consentledger.query.history;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.replay.Instants;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.audit.AccessAudit;
import kz.consentledger.query.parking.ParkedEvents;
import kz.consentledger.query.store.LedgerEvents;
import kz.consentledger.query.store.Sql;
import kz.consentledger.consent.ConsentFold;
import kz.consentledger.consent.ConsentFold.Judgment;
import kz.consentledger.events.Provenance;
import kz.consentledger.replay.ConsentReplay;
import kz.consentledger.replay.ConsentState;
import kz.consentledger.replay.PositionedEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A subject's consent and history as of an instant, replayed from the event store itself.
 * Business time ({@code at}) and ledger time ({@code knownAt}) are separate axes: a late
 * event changes the answer for {@code at} once it has arrived, never the answer for a
 * {@code knownAt} before its arrival.
 */
@RestController
class AsOfController {

	private final LedgerEvents events;

	private final HistoryEntries history;

	private final AccessAudit audit;

	private final Clock clock;

	private final ParkedEvents parked;

	AsOfController(LedgerEvents events, HistoryEntries history, AccessAudit audit, Clock clock, ParkedEvents parked) {
		this.events = events;
		this.history = history;
		this.audit = audit;
		this.clock = clock;
		this.parked = parked;
	}

	@Operation(
			summary = "A subject's consent and history as of an instant (business time, optionally as known at a ledger time)")
	@GetMapping("/api/v1/operators/{operator}/subjects/{subject}/as-of")
	AsOfView asOf(HttpServletRequest request, @PathVariable String operator, @PathVariable String subject,
			@Parameter(description = "business time: an ISO-8601 instant or date-time with offset, or a date "
					+ "(meaning the end of that day in Kazakhstan)") @RequestParam String at,
			@Parameter(description = "ledger time: count only events the ledger had received by then "
					+ "(default: now)") @RequestParam(required = false) String knownAt,
			@Parameter(description = "why (or the X-Access-Reason header); recorded in the access audit") @RequestParam(
					required = false) String reason) {
		Instant businessTime = Instants.parse("at", at);
		Instant ledgerTime = (knownAt != null) ? Instants.parse("knownAt", knownAt) : this.clock.instant();
		this.audit.recordWithReason(request, "as-of", operator, subject);
		List<PositionedEvent> stream = this.events.subjectEvents(operator, subject);
		if (stream.isEmpty()) {
			throw new NotFoundException("subject", "subject " + subject + " is not known at operator " + operator);
		}
		ConsentFold fold = ConsentFold.of(stream, businessTime, ledgerTime);
		ConsentState state = ConsentReplay.state(operator, subject, fold, businessTime, ledgerTime);
		List<HistoryEntryView> entries = asKnown(this.history.query(operator, subject,
				"AND occurred_at <= ? AND received_at <= ? ORDER BY occurred_at, global_index",
				Sql.timestamp(businessTime), Sql.timestamp(ledgerTime)), fold);
		long parkedEvents = this.parked.ofSubject(operator, subject);
		return new AsOfView(state, entries, parkedEvents > 0, parkedEvents);
	}

	/**
	 * The projected history shows each disclosure's latest verdict; as of a ledger time,
	 * an entry shows the judgment the ledger had made by then.
	 */
	private static List<HistoryEntryView> asKnown(List<HistoryEntryView> entries, ConsentFold fold) {
		Map<String, Long> positions = new HashMap<>();
		entries.forEach((entry) -> positions.put(entry.source() + "\n" + entry.eventId(), entry.position()));
		return entries.stream().map((entry) -> {
			if (entry.verdict() == null) {
				return entry;
			}
			Judgment known = fold.judgmentOf(new Provenance(entry.source(), entry.eventId(), null, null)).orElse(null);
			if (known == null) {
				return entry;
			}
			Long revisedBy = (known.revisedBy() != null)
					? positions.get(known.revisedBy().source() + "\n" + known.revisedBy().eventId()) : null;
			return new HistoryEntryView(entry.position(), entry.globalIndex(), entry.type(), entry.occurredAt(),
					entry.receivedAt(), entry.source(), entry.eventId(), known.verdict(), revisedBy, entry.details());
		}).toList();
	}

	/**
	 * The state and the history entries that make it, in business order. The state is
	 * replayed from the event store and complete; the entries come from the projected
	 * history, which lacks the subject's {@code parkedEvents} when {@code incomplete}.
	 */
	record AsOfView(ConsentState state, List<HistoryEntryView> history, boolean incomplete, long parkedEvents) {
	}

}
