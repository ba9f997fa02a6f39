package kz.consentledger.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;
import tools.jackson.databind.JsonNode;

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

	/**
	 * The RFC 8785 canonical form of a JSON tree, as UTF-8 bytes: the same bytes as
	 * {@link #canonical(String)} of the tree's text, written from the tree. Printing the
	 * tree only for the reference implementation to parse it again was a tenth of the
	 * ingestion threads' time. Numbers are written as the reference does, from their IEEE
	 * 754 double value.
	 */
	public static byte[] canonical(JsonNode tree) {
		StringBuilder out = new StringBuilder(256);
		writeCanonical(tree, out);
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void writeCanonical(JsonNode node, StringBuilder out) {
		switch (node.getNodeType()) {
			case OBJECT -> {
				// Property names in UTF-16 code unit order: String's natural order.
				List<String> names = new ArrayList<>(node.propertyNames());
				names.sort(null);
				out.append('{');
				for (int i = 0; i < names.size(); i++) {
					out.append((i == 0) ? "" : ",");
					writeString(names.get(i), out);
					out.append(':');
					writeCanonical(node.get(names.get(i)), out);
				}
				out.append('}');
			}
			case ARRAY -> {
				out.append('[');
				for (int i = 0; i < node.size(); i++) {
					out.append((i == 0) ? "" : ",");
					writeCanonical(node.get(i), out);
				}
				out.append(']');
			}
			case STRING -> writeString(node.stringValue(), out);
			case NUMBER -> {
				try {
					out.append(NumberToJSON.serializeNumber(node.doubleValue()));
				}
				catch (java.io.IOException ex) {
					throw new IllegalArgumentException("not canonicalizable JSON: " + ex.getMessage(), ex);
				}
			}
			case BOOLEAN -> out.append(node.booleanValue());
			case NULL -> out.append("null");
			default ->
				throw new IllegalArgumentException("not canonicalizable JSON: a " + node.getNodeType() + " node");
		}
	}

	/**
	 * RFC 8785 section 3.2.2.2: two-character escapes, six-character ones for the other
	 * controls.
	 */
	private static void writeString(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\n' -> out.append("\\n");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '"', '\\' -> out.append('\\').append(c);
				default -> {
					if (c < 0x20) {
						out.append("\\u00").append(HEX.toHexDigits((byte) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	public static String hex(byte[] bytes) {
		return HEX.formatHex(bytes);
	}

	public static byte[] unhex(String hex) {
		return HEX.parseHex(hex);
	}

}
