package kz.consentledger.query.history;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One event of a subject's history. {@code position} is the ledger order (global index),
 * {@code occurredAt} the business time, {@code receivedAt} the ledger's receipt time;
 * {@code verdict} is set for data sharing ({@code ok}, {@code late-stop},
 * {@code violation}) and its reasons are in {@code details.reasons}.
 */
public record HistoryEntryView(long position, String type, Instant occurredAt, Instant receivedAt, String source,
		String eventId, String verdict, JsonNode details) {
}
