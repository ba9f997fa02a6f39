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

	/** The judgment of one checkpoint note. */
	public Verdict judge(SignedNote note) {
		List<String> signers = new ArrayList<>();
		for (NoteVerifier key : this.ledgerKeys) {
			if (!note.verifiedBy(key).isEmpty()) {
				signers.add(key.name() + "+" + Hashes.hex(key.keyId()));
			}
		}
		List<String> cosigners = new ArrayList<>();
		for (NoteVerifier witness : this.witnesses) {
			if (!note.verifiedBy(witness).isEmpty() && !cosigners.contains(witness.name())) {
				cosigners.add(witness.name());
			}
		}
		return new Verdict(signers, cosigners, this.quorum);
	}

	/**
	 * @param signers the trusted ledger keys whose signature verifies
	 * @param cosigners the distinct trusted witnesses whose cosignature verifies
	 */
	public record Verdict(List<String> signers, List<String> cosigners, int quorum) {

		public boolean trusted() {
			return !this.signers.isEmpty() && this.cosigners.size() >= this.quorum;
		}

		/** Why the checkpoint is not trusted, or null. */
		public String fault() {
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
