package kz.consentledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.witness.EmbeddedWitness;

/**
 * Every test ledger gets a witness of its own, started in this JVM with its own key and
 * state directory (the ledger's database never holds either), as ./deploy/run.sh starts
 * one beside the services.
 */
final class TestWitnesses {

	/** The default of ledger.proof.origin. */
	static final String ORIGIN = "consent-ledger.local/ledger";

	private static final Map<String, EmbeddedWitness> BY_URL = new ConcurrentHashMap<>();

	private TestWitnesses() {
	}

	/**
	 * Starts a witness of the ledger whose key is in {@code signingKeyFile} and
	 * configures it.
	 */
	static void attach(Map<String, String> settings, Path signingKeyFile, String suffix) {
		attach(settings, signingKeyFile, suffix, new String[] { ORIGIN });
	}

	/**
	 * As {@link #attach(Map, Path, String)}, for the log of the first of {@code origins}
	 * (its trust anchor); the witness also cosigns the logs of the others, which share
	 * the key (the shards of one ledger).
	 */
	static void attach(Map<String, String> settings, Path signingKeyFile, String suffix, String... origins) {
		try {
			List<String> logs = new ArrayList<>();
			for (String origin : origins) {
				logs.add(NoteVerifier.ed25519(origin, LedgerKeys.load(signingKeyFile).getPublic()).vkey());
			}
			EmbeddedWitness witness = EmbeddedWitness.start("witness.test/" + suffix,
					Files.createTempDirectory("witness-" + suffix), logs);
			BY_URL.put(witness.url(), witness);
			// The key as first created is the anchor the verification starts from, as
			// run.sh configures it.
			settings.put("ledger.proof.trusted-keys[0]", logs.get(0));
			settings.put("ledger.proof.witnesses[0].url", witness.url());
			settings.put("ledger.proof.witnesses[0].vkey", witness.vkey());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The witness configured in {@code settings}. */
	static EmbeddedWitness of(Map<String, String> settings) {
		return BY_URL.get(settings.get("ledger.proof.witnesses[0].url"));
	}

}
