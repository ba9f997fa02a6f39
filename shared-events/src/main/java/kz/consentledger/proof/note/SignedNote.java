package kz.consentledger.proof.note;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A signed note: its text (the body, every line ending in a line feed) and its signature
 * lines. Written as the body, a blank line and one line per signature.
 */
public record SignedNote(String body, List<SignatureLine> signatures) {

	/**
	 * More signatures than any note of ours carries; the specification asks for at least
	 * 16.
	 */
	public static final int MAX_SIGNATURES = 100;

	public SignedNote {
		requireBody(body);
		signatures = List.copyOf(signatures);
	}

	/**
	 * Reads a note, strictly per c2sp.org/signed-note: no control character but the line
	 * feed, the body up to the last blank line, then one or more signature lines (at most
	 * {@value #MAX_SIGNATURES}), the text ending in a line feed.
	 */
	public static SignedNote parse(String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("the note is empty");
		}
		NoteFormat.requireNoteCharacters("the note", text);
		if (!text.endsWith("\n")) {
			throw new IllegalArgumentException("the note does not end with a line feed");
		}
		int split = text.lastIndexOf("\n\n");
		if (split < 0) {
			throw new IllegalArgumentException("the note has no blank line before its signatures");
		}
		String body = text.substring(0, split + 1);
		String lines = text.substring(split + 2);
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("the note has no signature lines after its last blank line");
		}
		List<SignatureLine> signatures = new ArrayList<>();
		for (String line : lines.substring(0, lines.length() - 1).split("\n", -1)) {
			if (signatures.size() == MAX_SIGNATURES) {
				throw new IllegalArgumentException("the note has more than " + MAX_SIGNATURES + " signatures");
			}
			signatures.add(SignatureLine.parse(line));
		}
		return new SignedNote(body, signatures);
	}

	/** A note received as bytes, which must be valid UTF-8. */
	public static SignedNote parse(byte[] utf8) {
		return parse(NoteFormat.decodeUtf8("the note", utf8));
	}

	/** The note as written: body, blank line, each signature line with its line feed. */
	public String text() {
		StringBuilder text = new StringBuilder(this.body).append('\n');
		this.signatures.forEach((signature) -> text.append(signature.line()).append('\n'));
		return text.toString();
	}

	/** This note with {@code more} signatures, those it already has left out. */
	public SignedNote plus(List<SignatureLine> more) {
		Set<SignatureLine> all = new LinkedHashSet<>(this.signatures);
		all.addAll(more);
		return new SignedNote(this.body, new ArrayList<>(all));
	}

	/**
	 * The signatures of {@code verifier}'s key that verify. A line that carries its name
	 * and key id but does not verify makes the whole note suspect, as the specification
	 * advises: refused with an {@link IllegalArgumentException}.
	 */
	public List<SignatureLine> verifiedBy(NoteVerifier verifier) {
		List<SignatureLine> verified = new ArrayList<>();
		for (SignatureLine line : new LinkedHashSet<>(this.signatures)) {
			if (verifier.names(line)) {
				if (!verifier.verifies(this.body, line)) {
					throw new IllegalArgumentException(
							"the signature of " + line.name() + " (key id " + line.keyIdHex() + ") does not verify");
				}
				verified.add(line);
			}
		}
		return verified;
	}

	static void requireBody(String body) {
		if (body == null || body.isEmpty()) {
			throw new IllegalArgumentException("the note text is empty");
		}
		NoteFormat.requireNoteCharacters("the note text", body);
		if (!body.endsWith("\n")) {
			throw new IllegalArgumentException("the note text does not end with a line feed");
		}
	}

}
