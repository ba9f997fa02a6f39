package kz.consentledger.verifier;

import java.security.PublicKey;
import java.util.List;

import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.note.NoteVerifier;

/**
 * What the verifier trusts, all of it given by the person verifying and none of it taken
 * from the bundle: the ledger's keys, the witnesses, how many of them must have cosigned,
 * and optionally a checkpoint note they kept from earlier.
 *
 * @param trustedCheckpoint the text of a checkpoint note the verifier holds, or null
 */
public record Trust(List<LedgerKey> ledgerKeys, List<NoteVerifier> witnesses, int quorum, String trustedCheckpoint) {

	public Trust {
		ledgerKeys = List.copyOf(ledgerKeys);
		witnesses = List.copyOf(witnesses);
		if (ledgerKeys.isEmpty()) {
			throw new IllegalArgumentException("no ledger key was given");
		}
		if (quorum < 0 || quorum > witnesses.size()) {
			throw new IllegalArgumentException(
					"a quorum of " + quorum + " needs at least as many witnesses, not " + witnesses.size()
							+ " (give each with --witness, or --quorum 0 to accept unwitnessed checkpoints)");
		}
		for (NoteVerifier witness : witnesses) {
			if (witness.algorithm() != NoteVerifier.COSIGNATURE) {
				throw new IllegalArgumentException(
						"witness " + witness.name() + " is not a tlog-cosignature v1 (type 0x04) vkey");
			}
		}
	}

	/**
	 * Keys and witnesses as text: each ledger key a vkey or a PEM public key, each
	 * witness a vkey.
	 */
	public static Trust of(List<String> ledgerKeys, List<String> witnesses, int quorum) {
		return new Trust(ledgerKeys.stream().map(LedgerKey::parse).toList(),
				witnesses.stream().map((vkey) -> NoteVerifier.parse(vkey.strip())).toList(), quorum, null);
	}

	public Trust withTrustedCheckpoint(String note) {
		return new Trust(this.ledgerKeys, this.witnesses, this.quorum, note);
	}

	/**
	 * A trusted ledger key: a signed-note vkey (type 0x01), or a bare Ed25519 public key
	 * (PEM), which is named by the origin of the checkpoint it is asked to verify.
	 */
	public record LedgerKey(NoteVerifier vkey, PublicKey publicKey) {

		public static LedgerKey parse(String text) {
			if (text.contains("-----BEGIN PUBLIC KEY-----")) {
				return new LedgerKey(null, LedgerKeys.publicKey(text));
			}
			NoteVerifier vkey = NoteVerifier.parse(text.strip());
			if (vkey.algorithm() != NoteVerifier.ED25519) {
				throw new IllegalArgumentException(
						"ledger key " + vkey.name() + " is not a signed-note Ed25519 (type 0x01) vkey");
			}
			return new LedgerKey(vkey, null);
		}

		/** The key as a note verifier of a log with this origin. */
		public NoteVerifier named(String origin) {
			return (this.vkey != null) ? this.vkey : NoteVerifier.ed25519(origin, this.publicKey);
		}

	}

}
