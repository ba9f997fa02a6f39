package kz.consentledger.verifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.proof.KeyRotation;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;

/**
 * The ledger keys a verifier trusts and the tree size from which each may sign: the keys
 * it was given (from size 0), and the keys reached from them through the bundle's key
 * rotation statements (from the size each statement names). A statement counts only when
 * its previous key is trusted by then and both its keys signed it; the bundle cannot add
 * a key any other way.
 */
final class KeyHistory {

	private final Map<NoteVerifier, Long> keys = new LinkedHashMap<>();

	private KeyHistory() {
	}

	/**
	 * Follows {@code statements} (note texts, oldest first) from {@code given}; a
	 * statement that does not verify is a failure naming it, one from a key not trusted
	 * is a warning (it cannot add a key).
	 */
	static KeyHistory follow(List<NoteVerifier> given, List<String> statements, String origin, Findings findings) {
		KeyHistory history = new KeyHistory();
		given.forEach((key) -> history.keys.put(key, 0L));
		for (int i = 0; i < statements.size(); i++) {
			String name = "key rotation statement " + (i + 1);
			try {
				SignedNote note = SignedNote.parse(statements.get(i));
				KeyRotation rotation = KeyRotation.parse(note.body());
				name += " (" + rotation.previous().vkey() + " to " + rotation.next().vkey() + " from size "
						+ rotation.from() + ")";
				if (!rotation.origin().equals(origin)) {
					findings.fail(name + " is of log " + rotation.origin() + ", not " + origin);
				}
				else if (!history.keys.containsKey(rotation.previous())) {
					findings.warn(name + " starts from a key not trusted: it adds no key");
				}
				else if (note.verifiedBy(rotation.previous()).isEmpty() || note.verifiedBy(rotation.next()).isEmpty()) {
					findings.fail(name + " is not signed by both its previous and its next key");
				}
				else {
					history.keys.putIfAbsent(rotation.next(), rotation.from());
					findings
						.pass(name + " is signed by both keys: the next key is trusted from size " + rotation.from());
				}
			}
			catch (IllegalArgumentException ex) {
				findings.fail(name + " does not verify: " + ex.getMessage());
			}
		}
		return history;
	}

	/** Every trusted key, whatever the size. */
	List<NoteVerifier> all() {
		return List.copyOf(this.keys.keySet());
	}

	/** The keys that may sign a checkpoint of {@code size} positions. */
	List<NoteVerifier> at(long size) {
		return this.keys.entrySet().stream().filter((e) -> e.getValue() <= size).map(Map.Entry::getKey).toList();
	}

}
