package kz.consentledger.command.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.privacy.FieldSealer;
import kz.consentledger.proof.Hashes;
import org.springframework.stereotype.Component;

/**
 * HMAC-SHA-256 of each ledger leaf under a secret derived from the master key, stored
 * beside the leaf. Whoever owns the database but not the master key can recompute every
 * hash of the chain around an altered event, but not its MAC: the whole-store
 * verification names the event by the first MAC that fails (ADR 0024). The master key,
 * not the signing key: a signing key rotates (ADR 0024), the MACs of old leaves must
 * still check.
 */
@Component
public class LeafMac {

	private final SecretKeySpec key;

	LeafMac(LedgerProperties properties) {
		byte[] master = FieldSealer.masterKey(properties.privacy().masterKey()).getEncoded();
		this.key = new SecretKeySpec(
				Hashes.sha256("consent-ledger leaf mac v1\n".getBytes(StandardCharsets.UTF_8), master), "HmacSHA256");
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
