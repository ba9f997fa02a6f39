package kz.consentledger.command.ingest;

/**
 * Seals a personal-data field with the key of the subject it belongs to
 * (crypto-shredding).
 */
public interface PersonalDataSealer {

	/** The sealed value, or {@code null} for {@code null}. */
	String seal(String operator, String subject, String plaintext);

}
