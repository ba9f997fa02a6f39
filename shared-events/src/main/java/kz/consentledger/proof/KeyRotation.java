package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;

/**
 * A ledger key rotation: a signed note saying that from tree size {@code from} the
 * ledger's checkpoints are signed by {@code next} instead of {@code previous}, signed by
 * both keys (the previous one vouches for the next, the next one shows it is held). A
 * reader who trusts an earlier key follows the statements to the current one
 * ({@link #follow}); a key reached any other way is not trusted (ADR 0024).
 *
 * <pre>
 * consent-ledger key rotation
 * ORIGIN
 * previous VKEY
 * next VKEY
 * from SIZE
 * </pre>
 */
public record KeyRotation(String origin, NoteVerifier previous, NoteVerifier next, long from) {

	private static final String HEADER = "consent-ledger key rotation";

	public String body() {
		return HEADER + "\n" + this.origin + "\nprevious " + this.previous.vkey() + "\nnext " + this.next.vkey()
				+ "\nfrom " + this.from + "\n";
	}

	/** The statement signed by the previous key and the next. */
	public SignedNote sign(NoteSigner previousKey, NoteSigner nextKey, long unixSeconds) {
		return new SignedNote(body(),
				List.of(previousKey.sign(body(), unixSeconds), nextKey.sign(body(), unixSeconds)));
	}

	/** The statement of a note body; IllegalArgumentException names what is wrong. */
	public static KeyRotation parse(String body) {
		String[] lines = body.split("\n", -1);
		if (lines.length != 6 || !lines[0].equals(HEADER) || !lines[2].startsWith("previous ")
				|| !lines[3].startsWith("next ") || !lines[4].matches("from (0|[1-9][0-9]{0,18})")
				|| !lines[5].isEmpty()) {
			throw new IllegalArgumentException("not a key rotation statement (\"" + HEADER
					+ "\", origin, \"previous VKEY\", \"next VKEY\", \"from SIZE\")");
		}
		return new KeyRotation(lines[1], NoteVerifier.parse(lines[2].substring(9)),
				NoteVerifier.parse(lines[3].substring(5)), Long.parseLong(lines[4].substring(5)));
	}

	/**
	 * The keys reached from {@code trusted} through {@code statements} (oldest first): a
	 * statement counts when its previous key is trusted by then and both keys signed it.
	 * {@code failures} receives why each other statement does not count.
	 */
	public static List<NoteVerifier> follow(List<NoteVerifier> trusted, List<SignedNote> statements,
			List<String> failures) {
		List<NoteVerifier> keys = new ArrayList<>(trusted);
		for (int i = 0; i < statements.size(); i++) {
			SignedNote note = statements.get(i);
			KeyRotation rotation;
			try {
				rotation = parse(note.body());
			}
			catch (IllegalArgumentException ex) {
				failures.add("key rotation statement " + (i + 1) + ": " + ex.getMessage());
				continue;
			}
			if (!keys.contains(rotation.previous())) {
				failures.add("key rotation statement " + (i + 1) + " starts from key " + rotation.previous().vkey()
						+ ", which is not trusted");
			}
			else if (!signedBy(note, rotation.previous()) || !signedBy(note, rotation.next())) {
				failures.add("key rotation statement " + (i + 1) + " to key " + rotation.next().vkey()
						+ " is not signed by both its previous and its next key");
			}
			else if (!keys.contains(rotation.next())) {
				keys.add(rotation.next());
			}
		}
		return keys;
	}

	/** A line that names the key but does not verify is a forgery, not an error. */
	private static boolean signedBy(SignedNote note, NoteVerifier key) {
		try {
			return !note.verifiedBy(key).isEmpty();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
