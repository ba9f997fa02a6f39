package kz.consentledger.command.append;

/**
 * What the appender needs to know of a batch item before its command is built: its key
 * and the SHA-256 of its content (the same key with another hash is a conflicting reuse).
 */
public interface Keyed {

	IdempotencyKey key();

	String contentSha256();

}
