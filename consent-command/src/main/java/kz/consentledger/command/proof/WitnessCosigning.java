package kz.consentledger.command.proof;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.service.proof.LedgerProofs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Asks each configured witness to cosign the newest checkpoint (c2sp.org/tlog-witness
 * add-checkpoint), with a consistency proof from the size it cosigned last, and stores
 * the cosignatures it returns once they verify with the witness's configured key. A
 * witness that holds a larger tree than the store is the sign of a cut history: it is
 * reported ({@link #problems()}) and never argued with.
 */
@Component
public class WitnessCosigning {

	private static final Logger LOG = LoggerFactory.getLogger(WitnessCosigning.class);

	private final JdbcTemplate jdbc;

	private final LedgerProofs proofs;

	private final String origin;

	private final Clock clock;

	private final List<Witness> witnesses = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** The last answer of each witness that was not a cosignature, by witness name. */
	private final Map<String, String> problems = new ConcurrentHashMap<>();

	WitnessCosigning(JdbcTemplate jdbc, LedgerProofs proofs, Clock clock, LedgerProperties properties) {
		this.jdbc = jdbc;
		this.proofs = proofs;
		this.origin = properties.proof().origin();
		this.clock = clock;
		properties.proof()
			.witnesses()
			.forEach((w) -> this.witnesses.add(new Witness(w.url(), NoteVerifier.parse(w.vkey()))));
	}

	/**
	 * What each configured witness says it cosigned last (GET {url}/latest?origin=): the
	 * store must still give it. A witness that cannot tell is reported, never skipped: a
	 * cut history hides behind a witness nobody asked.
	 */
	public Map<String, Witnessed> witnessedCheckpoints() {
		Map<String, Witnessed> witnessed = new LinkedHashMap<>();
		for (Witness witness : this.witnesses) {
			String name = witness.key().name();
			try {
				HttpResponse<String> response = this.http.send(HttpRequest
					.newBuilder(URI.create(
							base(witness) + "/latest?origin=" + URLEncoder.encode(this.origin, StandardCharsets.UTF_8)))
					.timeout(Duration.ofSeconds(10))
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				if (response.statusCode() == 404) {
					witnessed.put(name, new Witnessed(null, null));
				}
				else if (response.statusCode() != 200) {
					witnessed.put(name, new Witnessed(null,
							"answered " + response.statusCode() + ": " + firstLine(response.body())));
				}
				else {
					SignedNote note = SignedNote.parse(response.body());
					witnessed.put(name,
							note.verifiedBy(witness.key()).isEmpty()
									? new Witnessed(null, "answered a checkpoint without its own cosignature")
									: new Witnessed(note, null));
				}
			}
			catch (IOException | RuntimeException ex) {
				witnessed.put(name,
						new Witnessed(null, "cannot be asked: " + firstLine(String.valueOf(ex.getMessage()))));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				witnessed.put(name, new Witnessed(null, "was not asked: interrupted"));
			}
		}
		return witnessed;
	}

	/**
	 * A witness's answer: the newest checkpoint it cosigned ({@code null} when it
	 * cosigned none), or why it could not tell ({@code fault}).
	 */
	public record Witnessed(SignedNote note, String fault) {
	}

	/** Why witnesses did not cosign the newest checkpoint, by witness. */
	public Map<String, String> problems() {
		return Map.copyOf(this.problems);
	}

	/**
	 * Asks every witness; a witness that cannot be reached is retried at the next seal.
	 */
	public void cosignNewest() {
		List<Head> newest = this.jdbc.query("SELECT size, note FROM ledger.tree_head ORDER BY size DESC LIMIT 1",
				(row, n) -> new Head(row.getLong(1), SignedNote.parse(row.getString(2))));
		if (newest.isEmpty()) {
			return;
		}
		for (Witness witness : this.witnesses) {
			try {
				cosign(witness, newest.get(0));
			}
			catch (IOException | RuntimeException ex) {
				note(witness, "unreachable or failing: " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void cosign(Witness witness, Head head) throws IOException, InterruptedException {
		Long cosigned = this.jdbc.queryForObject("SELECT max(size) FROM ledger.cosignature WHERE witness = ?",
				Long.class, witness.key().name());
		long old = (cosigned != null) ? cosigned : 0;
		if (old == head.size()) {
			this.problems.remove(witness.key().name());
			return;
		}
		for (int attempt = 0; attempt < 2; attempt++) {
			HttpResponse<String> response = post(witness, old, head);
			if (response.statusCode() == 200) {
				store(witness, head, response.body());
				return;
			}
			if (response.statusCode() != 409 || !response.body().strip().matches("0|[1-9][0-9]{0,18}")) {
				note(witness, "answered " + response.statusCode() + ": " + firstLine(response.body()));
				return;
			}
			long theirs = Long.parseLong(response.body().strip());
			if (theirs < old) {
				note(witness, "says it cosigned " + theirs + " positions last, but the store holds its cosignature of "
						+ old + ": its state was rolled back (not followed; its operator must restore it)");
				return;
			}
			if (theirs > head.size()) {
				note(witness, "holds a cosigned tree of " + theirs + " positions, larger than the store's newest "
						+ "checkpoint (" + head.size() + "): the store's history was cut or rolled back");
				return;
			}
			// It cosigned a size this instance did not record (another instance, or a
			// lost answer).
			old = theirs;
		}
		note(witness, "disagrees about the size it cosigned last");
	}

	private HttpResponse<String> post(Witness witness, long old, Head head) throws IOException, InterruptedException {
		StringBuilder body = new StringBuilder("old ").append(old).append('\n');
		for (byte[] hash : this.proofs.consistencyProof(old, head.size())) {
			body.append(Base64.getEncoder().encodeToString(hash)).append('\n');
		}
		body.append('\n').append(head.note().text());
		HttpRequest request = HttpRequest.newBuilder(URI.create(base(witness) + "/add-checkpoint"))
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private void store(Witness witness, Head head, String answer) {
		int stored = 0;
		for (String line : answer.split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			SignatureLine signature = SignatureLine.parse(line);
			if (witness.key().verifies(head.note().body(), signature)) {
				this.jdbc.update("""
						INSERT INTO ledger.cosignature (size, witness, line, received_at) VALUES (?, ?, ?, ?)
						ON CONFLICT (size, witness) DO NOTHING""", head.size(), witness.key().name(), signature.line(),
						Timestamp.from(this.clock.instant()));
				stored++;
			}
		}
		if (stored == 0) {
			note(witness, "answered 200 without a cosignature that verifies with its configured key");
		}
		else {
			this.problems.remove(witness.key().name());
		}
	}

	private void note(Witness witness, String problem) {
		if (!problem.equals(this.problems.put(witness.key().name(), problem))) {
			LOG.warn("witness {} ({}) {}", witness.key().name(), witness.url(), problem);
		}
	}

	private static String base(Witness witness) {
		return witness.url().toString().replaceAll("/+$", "");
	}

	private static String firstLine(String body) {
		String line = body.lines().findFirst().orElse("");
		return (line.length() > 200) ? line.substring(0, 200) + "..." : line;
	}

	private record Witness(URI url, NoteVerifier key) {
	}

	private record Head(long size, SignedNote note) {
	}

}
