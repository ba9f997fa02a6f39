package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;

/**
 * Whom a reader of checkpoints trusts, given from outside the store (configuration or the
 * command line): the ledger's keys (note signatures) and its witnesses (cosignatures), of
 * which {@code quorum} must have cosigned. A checkpoint is trusted when a ledger key
 * signed it and a quorum of distinct witnesses cosigned it; signatures of unknown keys
 * are ignored, as the signed-note specification requires.
 */
public record TrustPolicy(List<NoteVerifier> ledgerKeys, List<NoteVerifier> witnesses, int quorum) {

	public TrustPolicy {
		ledgerKeys = List.copyOf(ledgerKeys);
		witnesses = List.copyOf(witnesses);
		if (ledgerKeys.isEmpty()) {
			throw new IllegalArgumentException("no trusted ledger key was given");
		}
		if (quorum < 0 || quorum > witnesses.size()) {
			throw new IllegalArgumentException(
					"a quorum of " + quorum + " needs at least as many witnesses, not " + witnesses.size());
		}
	}

	/**
	 * The same witnesses and quorum with other ledger keys (those a rotation reached).
	 */
	public TrustPolicy withLedgerKeys(List<NoteVerifier> keys) {
		return new TrustPolicy(keys, this.witnesses, this.quorum);
	}

	/**
	 * The judgment of one checkpoint note. A line that names a trusted key but does not
	 * verify with it is a forgery: it counts for nothing and is reported.
	 */
	public Verdict judge(SignedNote note) {
		List<String> forged = new ArrayList<>();
		List<String> signers = new ArrayList<>();
		for (NoteVerifier key : this.ledgerKeys) {
			if (verifies(note, key, forged)) {
				signers.add(key.name() + "+" + Hashes.hex(key.keyId()));
			}
		}
		List<String> cosigners = new ArrayList<>();
		for (NoteVerifier witness : this.witnesses) {
			if (verifies(note, witness, forged) && !cosigners.contains(witness.name())) {
				cosigners.add(witness.name());
			}
		}
		return new Verdict(signers, cosigners, this.quorum, forged);
	}

	private static boolean verifies(SignedNote note, NoteVerifier key, List<String> forged) {
		try {
			return !note.verifiedBy(key).isEmpty();
		}
		catch (IllegalArgumentException ex) {
			forged.add(key.name() + ": " + ex.getMessage());
			return false;
		}
	}

	/**
	 * @param signers the trusted ledger keys whose signature verifies
	 * @param cosigners the distinct trusted witnesses whose cosignature verifies
	 * @param forged lines that name a trusted key or witness but do not verify
	 */
	public record Verdict(List<String> signers, List<String> cosigners, int quorum, List<String> forged) {

		public boolean trusted() {
			return this.forged.isEmpty() && !this.signers.isEmpty() && this.cosigners.size() >= this.quorum;
		}

		/** Why the checkpoint is not trusted, or null. */
		public String fault() {
			if (!this.forged.isEmpty()) {
				return "it carries a forged signature (" + String.join("; ", this.forged) + ")";
			}
			if (this.signers.isEmpty()) {
				return "no trusted ledger key signed it";
			}
			if (this.cosigners.size() < this.quorum) {
				return this.cosigners.size() + " of the " + this.quorum + " witness cosignatures required verify"
						+ (this.cosigners.isEmpty() ? "" : " (" + String.join(", ", this.cosigners) + ")");
			}
			return null;
		}

	}

}
