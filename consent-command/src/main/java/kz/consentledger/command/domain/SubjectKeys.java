package kz.consentledger.command.domain;

import java.time.Instant;

/**
 * The subjects' data keys, destroyed in the append transaction of the erasure that
 * records it (crypto-shredding, ADR 0025): the key goes if and only if the event is
 * stored.
 */
public interface SubjectKeys {

	/**
	 * Destroys the subject's key at {@code at}, leaving its row as a tombstone, so that
	 * no later event of the subject gets a new key; a subject without a key gets the
	 * tombstone alone.
	 */
	Destroyed destroy(String operator, String subject, Instant at);

	/**
	 * What the erasure destroyed: {@code what} is {@value #KEY} (with the key's creation
	 * time), {@value #NO_KEY} (the subject never had a key) or {@value #ALREADY} (an
	 * earlier erasure destroyed it).
	 */
	record Destroyed(String what, Instant keyCreatedAt) {

		public static final String KEY = "subject-key";

		public static final String NO_KEY = "no-key";

		public static final String ALREADY = "already-destroyed";

	}

}
