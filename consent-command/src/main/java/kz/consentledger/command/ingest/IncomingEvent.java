package kz.consentledger.command.ingest;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import kz.consentledger.commands.SubjectCommand;

/**
 * A validated event of contract v1. {@code contentSha256} is the SHA-256 of the RFC 8785
 * canonical JSON of its content (type, subject, time, data): the same
 * {@code (source, id)} with another hash is a conflicting reuse.
 */
public record IncomingEvent(String source, String id, EventType type, String subject, OffsetDateTime time,
		JsonNode data, String contentSha256) {

	public IdempotencyKey key() {
		return new IdempotencyKey(this.source, this.id);
	}

	public String operator() {
		return this.data.path("operator").asText();
	}

	/**
	 * The event stream (aggregate) it is appended to: the contract's Kafka record key.
	 */
	public String aggregateId() {
		return (this.subject == null) ? operator() : SubjectCommand.aggregateId(operator(), this.subject);
	}

	/** The CloudEvents {@code (source, id)} that identifies an event forever. */
	public record IdempotencyKey(String source, String id) {
	}

}
