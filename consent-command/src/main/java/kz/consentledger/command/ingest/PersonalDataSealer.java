package kz.consentledger.command.ingest;

import java.util.Collection;

/**
 * Seals a personal-data field with the key of the subject it belongs to
 * (crypto-shredding).
 */
public interface PersonalDataSealer {

	/**
	 * Makes sure these subjects ({@code operator:subject}) have keys, in bulk, for the
	 * current unit of work: an ingestion batch then costs a round trip or two, not one
	 * per sealed field.
	 */
	void prepare(Collection<String> subjects);

	/**
	 * The sealed value, {@code null} for {@code null}, or
	 * {@link kz.consentledger.privacy.FieldSealer#ERASED} for a subject whose key was
	 * destroyed (ADR 0025).
	 */
	String seal(String operator, String subject, String plaintext);

}
