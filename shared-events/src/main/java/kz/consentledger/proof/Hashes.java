package kz.consentledger.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.erdtman.jcs.JsonCanonicalizer;

/** SHA-256, hex and RFC 8785 (JCS) canonical JSON: the building blocks of every hash. */
public final class Hashes {

	/** The hash before the first link of any chain: 32 zero bytes. */
	public static final byte[] GENESIS = new byte[32];

	private static final HexFormat HEX = HexFormat.of();

	private Hashes() {
	}

	public static byte[] sha256(byte[]... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (byte[] part : parts) {
				digest.update(part);
			}
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	/** The RFC 8785 canonical form of a JSON text, as UTF-8 bytes. */
	public static byte[] canonical(String json) {
		try {
			return new JsonCanonicalizer(json).getEncodedString().getBytes(StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			throw new IllegalArgumentException("not canonicalizable JSON: " + ex.getMessage(), ex);
		}
	}

	public static String hex(byte[] bytes) {
		return HEX.formatHex(bytes);
	}

	public static byte[] unhex(String hex) {
		return HEX.parseHex(hex);
	}

}
