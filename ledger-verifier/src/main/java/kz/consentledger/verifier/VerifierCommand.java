package kz.consentledger.verifier;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kz.consentledger.replay.ConsentReplay;
import kz.consentledger.replay.ConsentState;
import kz.consentledger.replay.Instants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar ledger-verifier.jar verify --bundle FILE --ledger-key K...
 * --witness VKEY... [--quorum Q] [--trusted-checkpoint FILE] [--at T]... [--known-at T]
 * [--json]}. Exit status 0: verified; 1: verification failed; 2: wrong usage or
 * unreadable files.
 */
public final class VerifierCommand {

	static final String USAGE = """
			usage: java -jar ledger-verifier.jar verify --bundle BUNDLE.json --ledger-key KEY [--ledger-key KEY]...
			         --witness VKEY [--witness VKEY]... [--quorum Q] [--trusted-checkpoint FILE]
			         [--at INSTANT]... [--known-at INSTANT] [--json]
			  --ledger-key  a ledger key you trust: a vkey (name+keyid+base64), or a file holding a vkey or a
			                PEM public key (named by the checkpoint's origin); --public-key FILE is the same
			  --witness     a witness you trust: its vkey (c2sp.org/tlog-cosignature), or a file holding it
			  --quorum      how many distinct given witnesses must have cosigned the checkpoint (default 1)
			  --trusted-checkpoint  a checkpoint note you kept: the bundle must prove it extends it; or the
			                top-level checkpoint of a sharded ledger (give the ledger key under its origin too):
			                its line for the bundle's shard is then the checkpoint kept
			  --at          replay the subject's consent as of this business time (repeatable); an ISO-8601
			                instant (2026-11-05T12:00:00Z), date-time with offset, or date (end of that day
			                in Kazakhstan)
			  --known-at    count only events the ledger had received by then (default: the export time)
			  --json        print the replayed states as one JSON array on standard output
			""";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private VerifierCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Path bundleFile = null;
		List<String> ledgerKeys = new ArrayList<>();
		List<String> witnesses = new ArrayList<>();
		int quorum = 1;
		Path trustedCheckpoint = null;
		List<Instant> instants = new ArrayList<>();
		Instant knownAt = null;
		boolean json = false;
		Trust trust;
		byte[] bundleBytes;
		try {
			if (args.length == 0 || !args[0].equals("verify")) {
				throw new IllegalArgumentException("the only command is verify");
			}
			for (int i = 1; i < args.length; i++) {
				switch (args[i]) {
					case "--bundle" -> bundleFile = Path.of(value(args, ++i));
					case "--ledger-key", "--public-key" -> ledgerKeys.add(keyText(value(args, ++i)));
					case "--witness" -> witnesses.add(keyText(value(args, ++i)));
					case "--quorum" -> quorum = quorum(value(args, ++i));
					case "--trusted-checkpoint" -> trustedCheckpoint = Path.of(value(args, ++i));
					case "--at" -> instants.add(Instants.parse(args[i], value(args, ++i)));
					case "--known-at" -> knownAt = Instants.parse(args[i], value(args, ++i));
					case "--json" -> json = true;
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (bundleFile == null || ledgerKeys.isEmpty()) {
				throw new IllegalArgumentException("--bundle and --ledger-key are required");
			}
			trust = Trust.of(ledgerKeys, witnesses, quorum);
			if (trustedCheckpoint != null) {
				trust = trust.withTrustedCheckpoint(Files.readString(trustedCheckpoint, StandardCharsets.UTF_8));
			}
			bundleBytes = Files.readAllBytes(bundleFile);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.print(USAGE);
			return 2;
		}
		catch (IOException | UncheckedIOException ex) {
			err.println("error: cannot read " + ex.getMessage());
			return 2;
		}
		BundleVerification verification = BundleVerification.of(bundleBytes, trust);
		PrintStream report = json ? err : out;
		verification.passed().forEach((line) -> report.println("OK    " + line));
		verification.warnings().forEach((line) -> report.println("WARN  " + line));
		verification.failures().forEach((line) -> report.println("FAIL  " + line));
		if (!verification.verified()) {
			report.println("NOT VERIFIED: " + verification.failures().size() + " problem(s)");
			return 1;
		}
		report.println("VERIFIED: " + bundleFile);
		JsonNode bundle = verification.bundle();
		if (!instants.isEmpty()) {
			if (!"subject".equals(bundle.path("scope").path("kind").asString())) {
				err.println("error: --at needs a subject bundle");
				return 2;
			}
			Instant ledgerTime = (knownAt != null) ? knownAt : Instant.parse(bundle.path("exportedAt").asString());
			List<ConsentState> states = new ArrayList<>();
			for (Instant at : instants) {
				states.add(ConsentReplay.stateAt(bundle.path("scope").path("operator").asString(),
						bundle.path("scope").path("subject").asString(), verification.subjectEvents(), at, ledgerTime));
			}
			if (json) {
				out.println(JSON.writeValueAsString(states));
			}
			else {
				for (ConsentState state : states) {
					out.println();
					out.println("Consent as of " + state.businessTime() + " (known to the ledger by "
							+ state.ledgerTime() + "):");
					out.println(JSON.writeValueAsString(state));
				}
			}
		}
		return 0;
	}

	/** A key given inline (a vkey) or as a file holding a vkey or a PEM public key. */
	private static String keyText(String argument) {
		// A vkey holds '+' and '/', so only an existing file is read as one.
		try {
			Path path = Path.of(argument);
			if (Files.isRegularFile(path)) {
				return Files.readString(path, StandardCharsets.UTF_8);
			}
		}
		catch (java.nio.file.InvalidPathException ex) {
			// not a path: a vkey
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return argument;
	}

	private static int quorum(String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--quorum is a number of witnesses, not " + value);
		}
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value");
		}
		return args[index];
	}

}
