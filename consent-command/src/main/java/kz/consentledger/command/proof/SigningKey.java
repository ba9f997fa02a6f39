package kz.consentledger.command.proof;

import java.security.KeyPair;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.LedgerKeys;
import org.springframework.stereotype.Component;

/** The ledger's Ed25519 key pair, from {@code ledger.proof.signing-key-file}. */
@Component
public class SigningKey {

	private final KeyPair pair;

	private final String keyId;

	SigningKey(LedgerProperties properties) {
		this.pair = LedgerKeys.loadOrCreate(properties.proof().signingKeyFile());
		this.keyId = LedgerKeys.keyId(this.pair.getPublic());
	}

	public String keyId() {
		return this.keyId;
	}

	public String publicKeyPem() {
		return LedgerKeys.publicKeyPem(this.pair.getPublic());
	}

	byte[] publicKeyDer() {
		return this.pair.getPublic().getEncoded();
	}

	byte[] sign(byte[] message) {
		return LedgerKeys.sign(this.pair.getPrivate(), message);
	}

}
