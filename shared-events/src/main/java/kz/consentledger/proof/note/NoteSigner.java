package kz.consentledger.proof.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * Signs note bodies with an Ed25519 key: as a signed-note signature (type 0x01) or as a
 * tlog-cosignature v1 timestamped cosignature (type 0x04).
 */
public final class NoteSigner {

	private final NoteVerifier verifier;

	private final PrivateKey privateKey;

	private NoteSigner(NoteVerifier verifier, PrivateKey privateKey) {
		this.verifier = verifier;
		this.privateKey = privateKey;
	}

	public static NoteSigner ed25519(String name, KeyPair pair) {
		return new NoteSigner(NoteVerifier.ed25519(name, pair.getPublic()), pair.getPrivate());
	}

	public static NoteSigner cosigner(String name, KeyPair pair) {
		return new NoteSigner(NoteVerifier.cosigner(name, pair.getPublic()), pair.getPrivate());
	}

	public String name() {
		return this.verifier.name();
	}

	public NoteVerifier verifier() {
		return this.verifier;
	}

	/**
	 * The signature line of {@code body} (a note text: non-empty, ending in a line feed).
	 * A note signature ignores {@code unixSeconds}; a cosignature states it.
	 */
	public SignatureLine sign(String body, long unixSeconds) {
		SignedNote.requireBody(body);
		byte[] signature;
		if (this.verifier.algorithm() == NoteVerifier.ED25519) {
			signature = Ed25519.sign(this.privateKey, body.getBytes(StandardCharsets.UTF_8));
		}
		else {
			if (unixSeconds < 0) {
				throw new IllegalArgumentException("a cosignature time is a POSIX time, not " + unixSeconds);
			}
			byte[] ed25519 = Ed25519.sign(this.privateKey, NoteVerifier.cosignedMessage(unixSeconds, body));
			signature = ByteBuffer.allocate(8 + ed25519.length).putLong(unixSeconds).put(ed25519).array();
		}
		SignatureLine line = new SignatureLine(name(), this.verifier.keyId(), signature);
		if (!this.verifier.verifies(body, line)) {
			// a private key that does not match its public key must not produce lines
			throw new IllegalStateException("the private key of " + name() + " does not match its public key");
		}
		return line;
	}

}
