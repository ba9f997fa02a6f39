package kz.consentledger.command.append;

/**
 * One command to append once under its key. {@code command} is one of
 * {@code kz.consentledger.commands.*}, already built; {@code type} is what the ingestion
 * log records beside the key (an ingested event's CloudEvents type).
 */
public record AppendRequest(IdempotencyKey key, String type, byte[] content, Object command) implements Keyed {
}
