package kz.consentledger.verifier;

import java.io.IOException;
import java.io.PrintStream;
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
 * {@code java -jar ledger-verifier.jar verify --bundle FILE --public-key FILE [--at T]...
 * [--known-at T] [--json]}. Exit status 0: verified; 1: verification failed; 2: wrong
 * usage or unreadable files.
 */
public final class VerifierCommand {

	static final String USAGE = """
			usage: java -jar ledger-verifier.jar verify --bundle BUNDLE.json --public-key LEDGER-KEY.pem
			                                           [--at INSTANT]... [--known-at INSTANT] [--json]
			  --at        replay the subject's consent as of this business time (repeatable); an ISO-8601
			              instant (2026-11-05T12:00:00Z), date-time with offset, or date (end of that day
			              in Kazakhstan)
			  --known-at  count only events the ledger had received by then (default: the export time)
			  --json      print the replayed states as one JSON array on standard output
			""";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private VerifierCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Path bundleFile = null;
		Path keyFile = null;
		List<Instant> instants = new ArrayList<>();
		Instant knownAt = null;
		boolean json = false;
		try {
			if (args.length == 0 || !args[0].equals("verify")) {
				throw new IllegalArgumentException("the only command is verify");
			}
			for (int i = 1; i < args.length; i++) {
				switch (args[i]) {
					case "--bundle" -> bundleFile = Path.of(value(args, ++i));
					case "--public-key" -> keyFile = Path.of(value(args, ++i));
					case "--at" -> instants.add(Instants.parse(args[i], value(args, ++i)));
					case "--known-at" -> knownAt = Instants.parse(args[i], value(args, ++i));
					case "--json" -> json = true;
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (bundleFile == null || keyFile == null) {
				throw new IllegalArgumentException("--bundle and --public-key are required");
			}
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.print(USAGE);
			return 2;
		}
		byte[] bundleBytes;
		String keyPem;
		try {
			bundleBytes = Files.readAllBytes(bundleFile);
			keyPem = Files.readString(keyFile, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			err.println("error: cannot read " + ex.getMessage());
			return 2;
		}
		BundleVerification verification = BundleVerification.of(bundleBytes, keyPem);
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

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value");
		}
		return args[index];
	}

}
