package kz.consentledger.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import kz.consentledger.proof.Hashes;

/**
 * HMAC-SHA-256 under a secret derived from the master key for one use ({@code purpose}):
 * whoever owns the database but not the master key can neither recompute nor test guesses
 * against it. One secret per use, so a MAC of one kind never stands for another.
 */
public final class MasterKeyMac {

	/** The use of the MAC beside each ledger leaf (ADR 0024). */
	public static final String LEAF = "consent-ledger leaf mac v1";

	private final SecretKeySpec key;

	private MasterKeyMac(SecretKeySpec key) {
		this.key = key;
	}

	/**
	 * @param masterKey the master key, base64 of 32 bytes
	 * @param purpose names the use, e.g. {@link #LEAF}
	 */
	public static MasterKeyMac derive(String masterKey, String purpose) {
		byte[] master = FieldSealer.masterKey(masterKey).getEncoded();
		return new MasterKeyMac(new SecretKeySpec(
				Hashes.sha256((purpose + "\n").getBytes(StandardCharsets.UTF_8), master), "HmacSHA256"));
	}

	public byte[] of(byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java runtime has HmacSHA256", ex);
		}
	}

}
