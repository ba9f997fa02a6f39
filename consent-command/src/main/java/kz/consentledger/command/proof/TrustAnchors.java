package kz.consentledger.command.proof;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.proof.TrustPolicy;
import kz.consentledger.proof.note.NoteVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the service's own verification starts from: keys from its configuration only
 * ({@code ledger.proof.trusted-keys}, required; rotation statements lead on from them,
 * see {@link KeyRotations}), witnesses from {@code ledger.proof.witnesses} and their
 * quorum; never a key found in the store. A configuration that cannot be satisfied (a
 * quorum larger than the witnesses, a vkey that does not parse) stops the service at
 * start.
 */
@Configuration(proxyBeanMethods = false)
class TrustAnchors {

	@Bean
	TrustPolicy trustPolicy(SigningKey key, LedgerProperties properties) {
		LedgerProperties.Proof proof = properties.proof();
		List<NoteVerifier> keys = new ArrayList<>();
		for (String vkey : proof.trustedKeys()) {
			keys.add(parse("ledger.proof.trusted-keys", vkey));
		}
		if (keys.isEmpty()) {
			// Trusting whatever key file the host holds would make a swapped key verify
			// its own history.
			throw new IllegalStateException(
					"ledger.proof.trusted-keys is empty: give the vkey of the ledger's first key ("
							+ key.noteSigner(proof.origin()).verifier().vkey()
							+ " if that is the key file given now), kept outside the database; ./deploy/run.sh does this");
		}
		List<NoteVerifier> witnesses = new ArrayList<>();
		for (LedgerProperties.Witness witness : proof.witnesses()) {
			witnesses.add(parse("ledger.proof.witnesses", witness.vkey()));
		}
		try {
			return new TrustPolicy(keys, witnesses, proof.witnessQuorum());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("ledger.proof.witness-quorum: " + ex.getMessage()
					+ " (configure ledger.proof.witnesses, or a quorum of 0 where no witness can run)", ex);
		}
	}

	private static NoteVerifier parse(String property, String vkey) {
		try {
			return NoteVerifier.parse(vkey);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(property + ": not a vkey (" + ex.getMessage() + "): " + vkey, ex);
		}
	}

}
