package kz.consentledger.witness;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;

/**
 * {@code keygen}, {@code vkey} and {@code serve}: see {@code docs/witness.md}. Exit
 * status 0 on success, 2 on a usage error, 1 on any other refusal, with the reason on
 * stderr.
 */
public final class WitnessCommand {

	private static final String USAGE = """
			usage: java -jar ledger-witness.jar keygen --name NAME --key-file FILE
			       java -jar ledger-witness.jar vkey --name NAME --key-file FILE [--note]
			       java -jar ledger-witness.jar serve --name NAME --key-file FILE --state-dir DIR --log VKEY [--log VKEY]...
			                                          [--port 8083] [--bind 127.0.0.1]""";

	private WitnessCommand() {
	}

	public static void main(String[] args) {
		try {
			Server server = run(args, System.out);
			if (server != null) {
				Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			}
		}
		catch (UsageException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
		}
		catch (RuntimeException | IOException ex) {
			System.err.println("ledger-witness: " + ex.getMessage());
			System.exit(1);
		}
	}

	/** Runs a command; for {@code serve}, returns the running server. */
	static Server run(String[] args, PrintStream out) throws IOException {
		if (args.length == 0) {
			throw new UsageException("no command");
		}
		Options options = Options.parse(args);
		switch (args[0]) {
			case "keygen" -> {
				options.allow("--name", "--key-file");
				KeyPair pair = LedgerKeys.generate();
				// the name is checked before anything is written
				NoteVerifier verifier = NoteVerifier.cosigner(options.one("--name"), pair.getPublic());
				KeyFile.create(options.path("--key-file"), pair);
				out.println(verifier.vkey());
				return null;
			}
			case "vkey" -> {
				options.allow("--name", "--key-file", "--note");
				KeyPair pair = KeyFile.load(options.path("--key-file"));
				String name = options.one("--name");
				NoteVerifier verifier = options.flag("--note") ? NoteVerifier.ed25519(name, pair.getPublic())
						: NoteVerifier.cosigner(name, pair.getPublic());
				out.println(verifier.vkey());
				return null;
			}
			case "serve" -> {
				options.allow("--name", "--key-file", "--state-dir", "--log", "--port", "--bind");
				return serve(options, out);
			}
			default -> throw new UsageException("unknown command " + args[0]);
		}
	}

	private static Server serve(Options options, PrintStream out) throws IOException {
		NoteSigner signer = NoteSigner.cosigner(options.one("--name"), KeyFile.load(options.path("--key-file")));
		List<NoteVerifier> logs = new ArrayList<>();
		for (String vkey : options.all("--log")) {
			logs.add(NoteVerifier.parse(vkey));
		}
		int port;
		try {
			port = Integer.parseInt(options.optional("--port", "8083"));
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--port is a number");
		}
		WitnessState state = WitnessState.open(options.path("--state-dir"), signer.verifier());
		try {
			Witness witness = new Witness(signer, logs, state, Clock.systemUTC());
			WitnessServer http = WitnessServer.start(witness,
					new InetSocketAddress(options.optional("--bind", "127.0.0.1"), port));
			out.println("witness " + signer.verifier().vkey() + " listening on port " + http.port() + ", logs "
					+ logs.stream().map(NoteVerifier::vkey).toList());
			return new Server(http, state);
		}
		catch (RuntimeException | IOException ex) {
			state.close();
			throw ex;
		}
	}

	/** A running witness: its HTTP server and its state directory, released together. */
	record Server(WitnessServer http, WitnessState state) implements AutoCloseable {

		int port() {
			return this.http.port();
		}

		@Override
		public void close() {
			this.http.close();
			try {
				this.state.close();
			}
			catch (IOException ex) {
				// the lock goes with the process anyway
			}
		}

	}

	static final class UsageException extends IllegalArgumentException {

		UsageException(String message) {
			super(message);
		}

	}

	/** {@code --option value} pairs and {@code --flag}s after the command. */
	private record Options(Map<String, List<String>> values) {

		private static final Set<String> FLAGS = Set.of("--note");

		static Options parse(String[] args) {
			Map<String, List<String>> values = new HashMap<>();
			for (int i = 1; i < args.length; i++) {
				String option = args[i];
				if (!option.startsWith("--")) {
					throw new UsageException("unexpected argument " + option);
				}
				if (FLAGS.contains(option)) {
					values.computeIfAbsent(option, (key) -> new ArrayList<>()).add("");
					continue;
				}
				if (i + 1 >= args.length) {
					throw new UsageException(option + " needs a value");
				}
				values.computeIfAbsent(option, (key) -> new ArrayList<>()).add(args[++i]);
			}
			return new Options(values);
		}

		void allow(String... options) {
			Set<String> allowed = Set.of(options);
			for (String option : this.values.keySet()) {
				if (!allowed.contains(option)) {
					throw new UsageException("unknown option " + option);
				}
			}
		}

		String one(String option) {
			List<String> given = this.values.getOrDefault(option, List.of());
			if (given.size() != 1) {
				throw new UsageException(option + " is needed once");
			}
			return given.get(0);
		}

		String optional(String option, String fallback) {
			return this.values.containsKey(option) ? one(option) : fallback;
		}

		List<String> all(String option) {
			List<String> given = this.values.getOrDefault(option, List.of());
			if (given.isEmpty()) {
				throw new UsageException(option + " is needed at least once");
			}
			return given;
		}

		Path path(String option) {
			return Path.of(one(option));
		}

		boolean flag(String option) {
			return this.values.containsKey(option);
		}

	}

}
