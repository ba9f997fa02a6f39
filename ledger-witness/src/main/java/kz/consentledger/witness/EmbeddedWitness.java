package kz.consentledger.witness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.note.NoteVerifier;

/**
 * A witness inside another JVM, as {@code serve} runs it (its own key, its own state
 * directory, HTTP on a port of its own): for the end-to-end tests, which run the ledger
 * in one JVM.
 */
public final class EmbeddedWitness implements AutoCloseable {

	private final WitnessCommand.Server server;

	private final NoteVerifier key;

	private EmbeddedWitness(WitnessCommand.Server server, NoteVerifier key) {
		this.server = server;
		this.key = key;
	}

	/**
	 * Starts a witness named {@code name} on a free port of the loopback interface that
	 * cosigns the logs of {@code logVkeys}; its key is created in {@code directory} if
	 * missing, its state kept in {@code directory/state}.
	 */
	public static EmbeddedWitness start(String name, Path directory, List<String> logVkeys) throws IOException {
		Path keyFile = directory.resolve("witness-key.pem");
		if (!keyFile.toFile().exists()) {
			// Key and state are created together, as run.sh does: a state directory is
			// never created again.
			KeyFile.create(keyFile, LedgerKeys.generate());
			java.nio.file.Files.createDirectories(directory.resolve("state"));
		}
		List<String> args = new ArrayList<>(List.of("serve", "--name", name, "--key-file", keyFile.toString(),
				"--state-dir", directory.resolve("state").toString(), "--port", "0"));
		logVkeys.forEach((vkey) -> args.addAll(List.of("--log", vkey)));
		WitnessCommand.Server server = WitnessCommand.run(args.toArray(String[]::new),
				new PrintStream(OutputStream.nullOutputStream()));
		return new EmbeddedWitness(server, NoteVerifier.cosigner(name, KeyFile.load(keyFile).getPublic()));
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** Its cosigner vkey. */
	public String vkey() {
		return this.key.vkey();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
