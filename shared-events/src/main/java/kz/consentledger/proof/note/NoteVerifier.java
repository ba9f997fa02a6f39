package kz.consentledger.proof.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A trusted key of a signed note: its name, its signature type and its raw 32-byte
 * Ed25519 public key. Type {@link #ED25519} (0x01) verifies note signatures,
 * {@link #COSIGNATURE} (0x04) tlog-cosignature v1 timestamped cosignatures. Written as a
 * C2SP vkey: {@code name+keyid+base64(type || key)}.
 */
public record NoteVerifier(String name, int algorithm, byte[] publicKey) {

	/** Signature type of signed-note Ed25519 signatures. */
	public static final int ED25519 = 0x01;

	/** Signature type of tlog-cosignature v1 timestamped Ed25519 cosignatures. */
	public static final int COSIGNATURE = 0x04;

	static final String COSIGNATURE_HEADER = "cosignature/v1\n";

	public NoteVerifier {
		NoteFormat.requireName("key name", name);
		if (algorithm != ED25519 && algorithm != COSIGNATURE) {
			throw new IllegalArgumentException("unknown signature type " + typeName(algorithm)
					+ " (known: 0x01 Ed25519, 0x04 Ed25519 cosignature v1)");
		}
		if (publicKey == null || publicKey.length != Ed25519.KEY_LENGTH) {
			throw new IllegalArgumentException(
					"an Ed25519 public key has 32 bytes, not " + (publicKey == null ? "none" : publicKey.length));
		}
		publicKey = publicKey.clone();
	}

	/**
	 * Reads a vkey. Refused, with the reason: a bad name, a key id that is not 8
	 * lowercase hex digits or does not match the key, a type other than 0x01 and 0x04, a
	 * key that is not 32 bytes, base64 that is not canonical.
	 */
	public static NoteVerifier parse(String vkey) {
		if (vkey == null) {
			throw new IllegalArgumentException("no vkey");
		}
		int first = vkey.indexOf('+');
		int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
		if (first < 0 || second < 0) {
			throw new IllegalArgumentException(
					"a vkey is name+keyid+base64(type||key), not " + NoteFormat.quoted(vkey));
		}
		String name = vkey.substring(0, first);
		String id = vkey.substring(first + 1, second);
		NoteFormat.requireName("vkey name", name);
		if (!id.matches("[0-9a-f]{8}")) {
			throw new IllegalArgumentException("vkey key id is not 8 lowercase hex digits: " + NoteFormat.quoted(id));
		}
		byte[] material = NoteFormat.decodeBase64("vkey key", vkey.substring(second + 1));
		if (material.length == 0) {
			throw new IllegalArgumentException("vkey has no key");
		}
		int algorithm = material[0] & 0xff;
		if (algorithm != ED25519 && algorithm != COSIGNATURE) {
			throw new IllegalArgumentException("vkey has unknown signature type " + typeName(algorithm));
		}
		if (material.length != 1 + Ed25519.KEY_LENGTH) {
			throw new IllegalArgumentException(
					"vkey key has " + (material.length - 1) + " bytes, an Ed25519 key has " + Ed25519.KEY_LENGTH);
		}
		NoteVerifier verifier = new NoteVerifier(name, algorithm, Arrays.copyOfRange(material, 1, material.length));
		if (!HexFormat.of().formatHex(verifier.keyId()).equals(id)) {
			throw new IllegalArgumentException("vkey key id " + id + " does not match its name and key (expected "
					+ HexFormat.of().formatHex(verifier.keyId()) + ")");
		}
		return verifier;
	}

	/** A note-signature (0x01) verifier of a JDK Ed25519 key. */
	public static NoteVerifier ed25519(String name, PublicKey key) {
		return new NoteVerifier(name, ED25519, Ed25519.raw(key));
	}

	/** A tlog-cosignature v1 (0x04) verifier of a JDK Ed25519 key. */
	public static NoteVerifier cosigner(String name, PublicKey key) {
		return new NoteVerifier(name, COSIGNATURE, Ed25519.raw(key));
	}

	@Override
	public byte[] publicKey() {
		return this.publicKey.clone();
	}

	public String vkey() {
		byte[] material = new byte[1 + Ed25519.KEY_LENGTH];
		material[0] = (byte) this.algorithm;
		System.arraycopy(this.publicKey, 0, material, 1, Ed25519.KEY_LENGTH);
		return this.name + "+" + HexFormat.of().formatHex(keyId()) + "+" + NoteFormat.encodeBase64(material);
	}

	/** SHA-256(name || 0x0A || type || key)[:4]. */
	public byte[] keyId() {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(this.name.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) '\n');
			sha256.update((byte) this.algorithm);
			sha256.update(this.publicKey);
			return Arrays.copyOf(sha256.digest(), 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the Java runtime has no SHA-256", ex);
		}
	}

	/** Whether the line names this key (name and key id); then it must also verify. */
	public boolean names(SignatureLine line) {
		return this.name.equals(line.name()) && Arrays.equals(keyId(), line.keyId());
	}

	/**
	 * Whether the line is this key's and its signature verifies over {@code body} (for a
	 * cosignature: over the cosignature/v1 header, its time line and the body).
	 */
	public boolean verifies(String body, SignatureLine line) {
		if (!names(line)) {
			return false;
		}
		byte[] signature = line.signature();
		if (this.algorithm == ED25519) {
			return Ed25519.verify(publicKeyObject(), body.getBytes(StandardCharsets.UTF_8), signature);
		}
		if (signature.length != 8 + Ed25519.SIGNATURE_LENGTH) {
			return false;
		}
		long time = ByteBuffer.wrap(signature, 0, 8).getLong();
		if (time < 0) {
			// above 2^63 - 1, which tlog-cosignature forbids
			return false;
		}
		return Ed25519.verify(publicKeyObject(), cosignedMessage(time, body),
				Arrays.copyOfRange(signature, 8, signature.length));
	}

	public PublicKey publicKeyObject() {
		return Ed25519.publicKey(this.publicKey);
	}

	static byte[] cosignedMessage(long time, String body) {
		return (COSIGNATURE_HEADER + "time " + time + "\n" + body).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NoteVerifier that && this.name.equals(that.name) && this.algorithm == that.algorithm
				&& Arrays.equals(this.publicKey, that.publicKey);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode() * 31 + Arrays.hashCode(this.publicKey) + this.algorithm;
	}

	@Override
	public String toString() {
		return vkey();
	}

	private static String typeName(int algorithm) {
		return String.format("0x%02x", algorithm);
	}

}
