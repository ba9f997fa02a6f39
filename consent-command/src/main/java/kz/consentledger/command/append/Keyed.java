package kz.consentledger.command.append;

/**
 * What the appender needs to know of a batch item before its command is built: its key
 * and the canonical bytes of its content (the same key with other content is a
 * conflicting reuse). The appender keeps only their {@link ContentDigest}.
 */
public interface Keyed {

	IdempotencyKey key();

	byte[] content();

}
