package kz.consentledger.command.proof;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import kz.consentledger.proof.SigningKey;
import org.springframework.stereotype.Component;

/**
 * HMAC-SHA-256 of each ledger leaf under a secret derived from the signing key, stored
 * beside the leaf. Whoever owns the database but not the key file can recompute every
 * hash of the chain around an altered event, but not its MAC: the whole-store
 * verification names the event by the first MAC that fails (ADR 0024).
 */
@Component
public class LeafMac {

	private final SecretKeySpec key;

	LeafMac(SigningKey signingKey) {
		this.key = new SecretKeySpec(signingKey.derivedSecret("leaf mac v1"), "HmacSHA256");
	}

	public byte[] of(byte[] leafHash) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(leafHash);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java runtime has HmacSHA256", ex);
		}
	}

	public boolean matches(byte[] leafHash, byte[] mac) {
		return mac != null && MessageDigest.isEqual(of(leafHash), mac);
	}

}
