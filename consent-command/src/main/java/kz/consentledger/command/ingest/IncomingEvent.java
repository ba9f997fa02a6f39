package kz.consentledger.command.ingest;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import kz.consentledger.command.append.IdempotencyKey;
import kz.consentledger.command.append.Keyed;

/**
 * A validated event of contract v1. {@code content} is the RFC 8785 canonical JSON of
 * what it says (type, subject, time, data): the same {@code (source, id)} with other
 * content is a conflicting reuse.
 */
public record IncomingEvent(String source, String id, EventType type, String subject, OffsetDateTime time,
		JsonNode data, byte[] content) implements Keyed {

	/** The CloudEvents {@code (source, id)} that identifies an event forever. */
	@Override
	public IdempotencyKey key() {
		return new IdempotencyKey(this.source, this.id);
	}

	public String operator() {
		return this.data.path("operator").asText();
	}

}
