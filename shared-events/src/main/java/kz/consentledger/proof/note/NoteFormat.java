package kz.consentledger.proof.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The lexical rules the signed-note specifications share. */
final class NoteFormat {

	private NoteFormat() {
	}

	/**
	 * A key name: non-empty, no Unicode space, no plus (the vkey separator), no control
	 * character (a note may hold none but the line feed).
	 */
	static String requireName(String what, String name) {
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException(what + " is empty");
		}
		name.codePoints().forEach((c) -> {
			if (c == '+') {
				throw new IllegalArgumentException(what + " contains '+': " + quoted(name));
			}
			if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
				throw new IllegalArgumentException(what + " contains a space: " + quoted(name));
			}
			if (Character.isISOControl(c)) {
				throw new IllegalArgumentException(what + " contains a control character: " + quoted(name));
			}
		});
		requireWellFormed(what, name);
		return name;
	}

	/**
	 * Note text: well-formed UTF-16 (so valid UTF-8 once encoded) and no control
	 * character but the line feed.
	 */
	static void requireNoteCharacters(String what, String text) {
		requireWellFormed(what, text);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\n') {
				throw new IllegalArgumentException(
						what + " contains control character U+" + String.format("%04X", (int) c) + " at " + i);
			}
		}
	}

	/** Standard base64 with padding, in its one canonical spelling. */
	static byte[] decodeBase64(String what, String text) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(what + " is not base64: " + quoted(text));
		}
		// the JDK accepts missing padding and stray low bits: the spelling must
		// round-trip
		if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
			throw new IllegalArgumentException(what + " is not canonical padded base64: " + quoted(text));
		}
		return bytes;
	}

	static String encodeBase64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

	/** Strict UTF-8: malformed input is refused rather than replaced. */
	static String decodeUtf8(String what, byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException(what + " is not valid UTF-8");
		}
	}

	static String quoted(String text) {
		String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
		StringBuilder out = new StringBuilder("\"");
		shown.codePoints().forEach((c) -> {
			if (c < 0x20 || c == 0x7f) {
				out.append(String.format("\\x%02x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.append('"').toString();
	}

	private static void requireWellFormed(String what, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new IllegalArgumentException(what + " is not valid Unicode (a lone surrogate at " + i + ")");
			}
		}
	}

}
