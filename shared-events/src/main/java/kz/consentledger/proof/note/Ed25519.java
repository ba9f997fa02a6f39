package kz.consentledger.proof.note;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Raw 32-byte Ed25519 public keys (RFC 8032) to and from the JDK's keys, whose encoding
 * is the fixed 12-byte SubjectPublicKeyInfo prefix of RFC 8410 followed by those 32
 * bytes.
 */
final class Ed25519 {

	static final int KEY_LENGTH = 32;

	static final int SIGNATURE_LENGTH = 64;

	private static final byte[] SPKI_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
			0x00 };

	private Ed25519() {
	}

	static byte[] raw(PublicKey key) {
		byte[] der = key.getEncoded();
		boolean edwards = "Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm());
		if (!edwards || der == null || der.length != SPKI_PREFIX.length + KEY_LENGTH
				|| !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
			throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
		}
		return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
	}

	static PublicKey publicKey(byte[] raw) {
		byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_LENGTH);
		System.arraycopy(raw, 0, der, SPKI_PREFIX.length, KEY_LENGTH);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key: " + ex.getMessage(), ex);
		}
	}

	static byte[] sign(PrivateKey key, byte[] message) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(message);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("cannot sign with this Ed25519 key: " + ex.getMessage(), ex);
		}
	}

	static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
		if (signatureBytes.length != SIGNATURE_LENGTH) {
			return false;
		}
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initVerify(key);
			signature.update(message);
			return signature.verify(signatureBytes);
		}
		catch (GeneralSecurityException ex) {
			// a key or signature that is not a curve point cannot verify anything
			return false;
		}
	}

}
