package kz.consentledger.command.append;

/**
 * What identifies an appended command forever: the CloudEvents {@code (source, id)} of an
 * ingested event, or a key the ledger gives a command it issues itself.
 */
public record IdempotencyKey(String source, String id) {
}
