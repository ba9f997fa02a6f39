package kz.consentledger.query.export;

import java.security.KeyPair;

import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.query.QueryProperties;
import org.springframework.stereotype.Component;

/** The ledger's key, shared with the command service, signs export bundles. */
@Component
class LedgerSigner {

	private final KeyPair pair;

	LedgerSigner(QueryProperties properties) {
		this.pair = LedgerKeys.loadOrCreate(properties.proof().signingKeyFile());
	}

	String keyId() {
		return LedgerKeys.keyId(this.pair.getPublic());
	}

	String publicKeyPem() {
		return LedgerKeys.publicKeyPem(this.pair.getPublic());
	}

	byte[] sign(byte[] message) {
		return LedgerKeys.sign(this.pair.getPrivate(), message);
	}

}
