package kz.consentledger.query.history;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * One event of a subject's history; the descriptions are the API's (OpenAPI). Its
 * {@code position} is the chain position that export bundles, checkpoints and the offline
 * verifier use, so one number names an event everywhere.
 */
public record HistoryEntryView(
		@Schema(description = "chain position: dense from 0 in commit order, the position of export bundles, "
				+ "checkpoints and the offline verifier (null only for an event that was never chained)") Long position,
		@Schema(description = "the event store's global index (the bundle's globalIndex)") long globalIndex,
		@Schema(description = "the event's kind: consent-granted, consent-withdrawn, consent-withdrawal-refused, "
				+ "policy-accepted, data-shared, judgment-revised") String type,
		@Schema(description = "business time") Instant occurredAt,
		@Schema(description = "when the ledger received the event") Instant receivedAt, String source, String eventId,
		@Schema(description = "a disclosure's latest verdict (ok, late-stop, violation); the verdict given at "
				+ "receipt is details.verdict") String verdict,
		@Schema(description = "position of the judgment-revised entry that made this entry's latest judgment; "
				+ "null while the judgment made at receipt stands") Long revisedBy,
		JsonNode details) {
}
