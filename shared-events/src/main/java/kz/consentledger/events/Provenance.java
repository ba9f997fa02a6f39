package kz.consentledger.events;

import java.time.Instant;

/**
 * Where an event came from and when: {@code source} and {@code eventId} are the
 * CloudEvents {@code (source, id)} idempotency key, {@code occurredAt} the business time
 * ({@code time}) and {@code receivedAt} the moment the ledger received it.
 */
public record Provenance(String source, String eventId, Instant occurredAt, Instant receivedAt) {
}
