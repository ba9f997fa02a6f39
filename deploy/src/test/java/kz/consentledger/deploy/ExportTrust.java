package kz.consentledger.deploy;

import java.util.List;

import kz.consentledger.verifier.BundleVerification;
import kz.consentledger.verifier.Trust;

/**
 * What a regulator trusts when verifying a test ledger's export bundles: the ledger's
 * public key as the command service serves it from its key file, and the witness of the
 * ledger's settings (one cosignature required); never a key the bundle carries.
 */
final class ExportTrust {

	private ExportTrust() {
	}

	static Trust of(RunningLedger ledger) {
		return Trust.of(List.of(ledgerKey(ledger)), List.of(witness(ledger)), 1);
	}

	static BundleVerification verify(RunningLedger ledger, byte[] bundle) {
		return BundleVerification.of(bundle, of(ledger));
	}

	/** The ledger's public key (PEM). */
	static String ledgerKey(RunningLedger ledger) {
		return ledger.getCommand("/api/v1/ledger/public-key").text();
	}

	/** The vkey of the ledger's witness. */
	static String witness(RunningLedger ledger) {
		return ledger.settings().get("ledger.proof.witnesses[0].vkey");
	}

}
