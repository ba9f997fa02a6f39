package kz.consentledger.proof.note;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One signature line of a signed note: {@code — name base64(keyid || signature)}, the
 * signature being the bytes after the 4-byte key id (for a cosignature: the 8-byte
 * timestamp and the Ed25519 signature).
 */
public record SignatureLine(String name, byte[] keyId, byte[] signature) {

	static final String PREFIX = "\u2014 ";

	public SignatureLine {
		NoteFormat.requireName("signature name", name);
		if (keyId == null || keyId.length != 4) {
			throw new IllegalArgumentException("a key id has 4 bytes");
		}
		if (signature == null || signature.length == 0) {
			throw new IllegalArgumentException("a signature line needs a signature after its key id");
		}
		keyId = keyId.clone();
		signature = signature.clone();
	}

	/**
	 * Reads {@code "— name base64"} (em dash, space, name, space, base64; no line feed).
	 */
	public static SignatureLine parse(String line) {
		if (line == null || !line.startsWith(PREFIX)) {
			throw new IllegalArgumentException("a signature line starts with an em dash (U+2014) and a space: "
					+ NoteFormat.quoted(String.valueOf(line)));
		}
		int space = line.indexOf(' ', PREFIX.length());
		if (space < 0) {
			throw new IllegalArgumentException("a signature line is \"— name base64\", not " + NoteFormat.quoted(line));
		}
		String name = NoteFormat.requireName("signature name", line.substring(PREFIX.length(), space));
		byte[] bytes = NoteFormat.decodeBase64("signature of " + name, line.substring(space + 1));
		if (bytes.length <= 4) {
			throw new IllegalArgumentException("signature of " + name + " has no bytes after its key id");
		}
		return new SignatureLine(name, Arrays.copyOf(bytes, 4), Arrays.copyOfRange(bytes, 4, bytes.length));
	}

	@Override
	public byte[] keyId() {
		return this.keyId.clone();
	}

	@Override
	public byte[] signature() {
		return this.signature.clone();
	}

	/** The line, without its line feed. */
	public String line() {
		byte[] bytes = Arrays.copyOf(this.keyId, 4 + this.signature.length);
		System.arraycopy(this.signature, 0, bytes, 4, this.signature.length);
		return PREFIX + this.name + " " + NoteFormat.encodeBase64(bytes);
	}

	/**
	 * The POSIX time of a tlog-cosignature v1 cosignature: the first 8 bytes, big-endian.
	 * @throws IllegalStateException when the line is not shaped as such a cosignature
	 */
	public long cosignedAt() {
		if (this.signature.length != 8 + Ed25519.SIGNATURE_LENGTH) {
			throw new IllegalStateException("signature of " + this.name + " has " + this.signature.length
					+ " bytes, not the 72 of a timestamped Ed25519 cosignature");
		}
		long time = ByteBuffer.wrap(this.signature, 0, 8).getLong();
		if (time < 0) {
			throw new IllegalStateException("cosignature of " + this.name + " has a time above 2^63 - 1");
		}
		return time;
	}

	public String keyIdHex() {
		return HexFormat.of().formatHex(this.keyId);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SignatureLine that && this.name.equals(that.name)
				&& Arrays.equals(this.keyId, that.keyId) && Arrays.equals(this.signature, that.signature);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode() * 31 + Arrays.hashCode(this.signature);
	}

	@Override
	public String toString() {
		return line();
	}

}
