package kz.consentledger.proof.note;

import java.util.Arrays;
import java.util.List;

/**
 * The body of a c2sp.org/tlog-checkpoint: the log's origin, its tree size, the base64 RFC
 * 6962 root hash and optional extension lines.
 */
public record TreeHead(String origin, long size, byte[] root, List<String> extensions) {

	public TreeHead {
		if (origin == null || origin.isEmpty()) {
			throw new IllegalArgumentException("the checkpoint origin is empty");
		}
		NoteFormat.requireNoteCharacters("the checkpoint origin", origin);
		if (origin.contains("\n")) {
			throw new IllegalArgumentException("the checkpoint origin is more than one line");
		}
		if (size < 0) {
			throw new IllegalArgumentException("a tree size is not negative: " + size);
		}
		if (root == null || root.length != 32) {
			throw new IllegalArgumentException("a root hash has 32 bytes");
		}
		root = root.clone();
		extensions = List.copyOf(extensions);
		for (String extension : extensions) {
			if (extension.isEmpty() || extension.contains("\n")) {
				throw new IllegalArgumentException(
						"an extension line is one non-empty line: " + NoteFormat.quoted(extension));
			}
			NoteFormat.requireNoteCharacters("an extension line", extension);
		}
	}

	/**
	 * Reads a checkpoint body: origin non-empty, size in decimal without leading zeros,
	 * root 32 bytes of canonical base64, any further lines non-empty, every line ending
	 * in a line feed.
	 */
	public static TreeHead parse(String body) {
		SignedNote.requireBody(body);
		List<String> lines = Arrays.asList(body.substring(0, body.length() - 1).split("\n", -1));
		if (lines.size() < 3) {
			throw new IllegalArgumentException("a checkpoint has an origin, a size and a root line, not " + lines.size()
					+ " line" + (lines.size() == 1 ? "" : "s"));
		}
		String size = lines.get(1);
		if (!size.matches("0|[1-9][0-9]{0,18}")) {
			throw new IllegalArgumentException(
					"the checkpoint size is not a decimal without leading zeros: " + NoteFormat.quoted(size));
		}
		long parsed;
		try {
			parsed = Long.parseLong(size);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("the checkpoint size is too large: " + size);
		}
		byte[] root = NoteFormat.decodeBase64("the checkpoint root", lines.get(2));
		if (root.length != 32) {
			throw new IllegalArgumentException("the checkpoint root has " + root.length + " bytes, not 32");
		}
		return new TreeHead(lines.get(0), parsed, root, lines.subList(3, lines.size()));
	}

	@Override
	public byte[] root() {
		return this.root.clone();
	}

	/** The lines joined by line feeds, ending in one. */
	public String body() {
		StringBuilder body = new StringBuilder(this.origin).append('\n')
			.append(this.size)
			.append('\n')
			.append(NoteFormat.encodeBase64(this.root))
			.append('\n');
		this.extensions.forEach((extension) -> body.append(extension).append('\n'));
		return body.toString();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TreeHead that && this.origin.equals(that.origin) && this.size == that.size
				&& Arrays.equals(this.root, that.root) && this.extensions.equals(that.extensions);
	}

	@Override
	public int hashCode() {
		return this.origin.hashCode() * 31 + Long.hashCode(this.size) + Arrays.hashCode(this.root);
	}

	@Override
	public String toString() {
		return body();
	}

}
