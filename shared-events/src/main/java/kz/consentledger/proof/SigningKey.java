package kz.consentledger.proof;

import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The ledger's Ed25519 key pair, read from its PEM file: the command service signs
 * checkpoints with it, the query service export bundles.
 */
public final class SigningKey {

	private final KeyPair pair;

	private final String keyId;

	private SigningKey(KeyPair pair) {
		this.pair = pair;
		this.keyId = LedgerKeys.keyId(pair.getPublic());
	}

	/** See {@link LedgerKeys#load(Path)}. */
	public static SigningKey load(Path file) {
		return new SigningKey(LedgerKeys.load(file));
	}

	public String keyId() {
		return this.keyId;
	}

	public String publicKeyPem() {
		return LedgerKeys.publicKeyPem(this.pair.getPublic());
	}

	public byte[] publicKeyDer() {
		return this.pair.getPublic().getEncoded();
	}

	public byte[] sign(byte[] message) {
		return LedgerKeys.sign(this.pair.getPrivate(), message);
	}

	/** The signed-note signer of checkpoints: the key named by the log's origin. */
	public kz.consentledger.proof.note.NoteSigner noteSigner(String origin) {
		return kz.consentledger.proof.note.NoteSigner.ed25519(origin, this.pair);
	}

}
