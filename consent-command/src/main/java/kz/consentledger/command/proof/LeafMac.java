package kz.consentledger.command.proof;

import java.security.MessageDigest;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.privacy.MasterKeyMac;
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

	private final MasterKeyMac mac;

	LeafMac(LedgerProperties properties) {
		this.mac = MasterKeyMac.derive(properties.privacy().masterKey(), MasterKeyMac.LEAF);
	}

	public byte[] of(byte[] leafHash) {
		return this.mac.of(leafHash);
	}

	public boolean matches(byte[] leafHash, byte[] mac) {
		return mac != null && MessageDigest.isEqual(of(leafHash), mac);
	}

}
