package kz.consentledger.command.ingest;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import kz.consentledger.command.append.IdempotencyKey;
import kz.consentledger.command.append.Keyed;

/**
 * A validated event of contract v1. {@code contentSha256} is the SHA-256 of the RFC 8785
 * canonical JSON of its content (type, subject, time, data): the same
 * {@code (source, id)} with another hash is a conflicting reuse.
 */
public record IncomingEvent(String source, String id, EventType type, String subject, OffsetDateTime time,
		JsonNode data, String contentSha256) implements Keyed {

	/** The CloudEvents {@code (source, id)} that identifies an event forever. */
	@Override
	public IdempotencyKey key() {
		return new IdempotencyKey(this.source, this.id);
	}

	public String operator() {
		return this.data.path("operator").asText();
	}

}
