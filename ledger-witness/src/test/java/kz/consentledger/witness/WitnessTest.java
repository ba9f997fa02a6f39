package kz.consentledger.witness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The witness started as its command starts it, on an ephemeral port, spoken to over
 * HTTP.
 */
class WitnessTest {

	private static final String NAME = "witness.test/w1";

	private final HttpClient http = HttpClient.newHttpClient();

	private final TestLog log = new TestLog("consent-ledger.local/ledger");

	@TempDir
	Path dir;

	private Path keyFile;

	private Path stateDir;

	private String vkey;

	private WitnessCommand.Server server;

	@BeforeEach
	void keyAndState() throws IOException {
		this.keyFile = this.dir.resolve("witness-key.pem");
		this.stateDir = Files.createDirectory(this.dir.resolve("state"));
		this.vkey = command("keygen", "--name", NAME, "--key-file", this.keyFile.toString()).trim();
		this.server = start();
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aCheckpointIsCosignedAndTheCosignatureVerifiesWithThePrintedVkey() throws Exception {
		HttpResponse<String> response = post(this.log.request(0, 5));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("— " + NAME + " ").endsWith("\n").hasLineCount(1);
		NoteVerifier witness = NoteVerifier.parse(this.vkey);
		SignedNote cosigned = SignedNote.parse(this.log.checkpoint(5).text() + response.body());
		assertThat(cosigned.verifiedBy(witness)).hasSize(1);
		assertThat(get("/vkey").body()).isEqualTo(this.vkey + "\n");
		assertThat(command("vkey", "--name", NAME, "--key-file", this.keyFile.toString()).trim()).isEqualTo(this.vkey);
		HttpResponse<String> latest = get("/latest?origin=consent-ledger.local/ledger");
		assertThat(latest.statusCode()).isEqualTo(200);
		assertThat(SignedNote.parse(latest.body()).verifiedBy(witness)).hasSize(1);
		assertThat(SignedNote.parse(latest.body()).verifiedBy(this.log.signer.verifier())).hasSize(1);
		assertThat(get("/health").body()).isEqualTo("ok\n");
	}

	@Test
	void aCheckpointThatExtendsTheLatestWithAValidProofIsCosignedAndAnyOtherIsRefusedWithTheSpecifiedStatus()
			throws Exception {
		assertThat(post(this.log.request(0, 5)).statusCode()).isEqualTo(200);

		HttpResponse<String> staleOld = post(this.log.request(3, 9));
		assertThat(staleOld.statusCode()).isEqualTo(409);
		assertThat(staleOld.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
		assertThat(staleOld.body()).isEqualTo("5\n");

		List<byte[]> badProof = new ArrayList<>(this.log.proof(5, 9));
		badProof.set(0, new byte[32]);
		assertThat(post(TestLog.request(5, badProof, this.log.checkpoint(9))).statusCode()).isEqualTo(422);
		assertThat(post(TestLog.request(5, List.of(), this.log.checkpoint(9))).statusCode()).isEqualTo(422);
		assertThat(post(TestLog.request(5, this.log.proof(5, 9), forkedCheckpoint(9))).statusCode()).isEqualTo(422);

		assertThat(post(this.log.request(5, 9)).statusCode()).isEqualTo(200);
		assertThat(post(this.log.request(9, 9)).statusCode()).as("the same checkpoint again").isEqualTo(200);
		assertThat(post(TestLog.request(9, List.of(), forkedCheckpoint(9))).statusCode())
			.as("another root of the same size")
			.isEqualTo(409);
		assertThat(post(TestLog.request(9, List.of(), this.log.checkpoint(9, "heads AAAA"))).statusCode())
			.as("the same root with other extension lines")
			.isEqualTo(409);
		assertThat(post(TestLog.request(9, List.of(), this.log.checkpoint(4))).statusCode())
			.as("old size above the size")
			.isEqualTo(400);
		assertThat(latestSize()).isEqualTo(9);
		// A refused request replayed is refused again, and kept once: replays cannot fill
		// the disk.
		assertThat(post(TestLog.request(9, List.of(), this.log.checkpoint(4))).statusCode()).isEqualTo(400);
		assertThat(Files.readAllLines(this.stateDir.resolve(WitnessState.EVIDENCE))).hasSize(6)
			.allSatisfy((line) -> assertThat(line.split("\t")).hasSize(4));
	}

	@Test
	void unknownLogsUntrustedSignaturesAndMalformedRequestsAreRefused() throws Exception {
		TestLog stranger = new TestLog("other.example/log");
		assertThat(post(stranger.request(0, 3)).statusCode()).isEqualTo(404);
		TestLog impostor = new TestLog(this.log.origin);
		assertThat(post(impostor.request(0, 3)).statusCode()).isEqualTo(403);
		SignatureLine real = this.log.checkpoint(3).signatures().get(0);
		byte[] forgedBytes = real.signature();
		forgedBytes[10] ^= 1;
		SignedNote forged = new SignedNote(this.log.checkpoint(3).body(),
				List.of(new SignatureLine(real.name(), real.keyId(), forgedBytes)));
		HttpResponse<String> forgedAnswer = post(TestLog.request(0, List.of(), forged));
		assertThat(forgedAnswer.statusCode()).isEqualTo(403);
		assertThat(forgedAnswer.body()).doesNotContain("— " + NAME);

		for (String garbage : List.of("", "old\n", "old 01\n\n",
				"old 0\nnot base64!\n\n" + this.log.checkpoint(3).text(),
				"old 0\nAAAA\n\n" + this.log.checkpoint(3).text(), "old 0\n\n" + this.log.checkpoint(3).body(),
				"old 0\n\nnot a checkpoint\n\n— x AAAAAAA=\n", "old -1\n\n" + this.log.checkpoint(3).text(),
				"old 99999999999999999999\n\n" + this.log.checkpoint(3).text(), "\u0000\u00ff\r\n")) {
			HttpResponse<String> answer = post(garbage);
			assertThat(answer.statusCode()).as(garbage).isEqualTo(400);
			assertThat(answer.body()).as(garbage).hasLineCount(1);
		}
		String tooManyLines = "old 1\n" + String.join("", Collections.nCopies(64, "A".repeat(43) + "=\n")) + "\n"
				+ this.log.checkpoint(3).text();
		assertThat(post(tooManyLines).body()).contains("more than 63");
		assertThat(post("x".repeat(WitnessServer.MAX_BODY + 1)).statusCode()).isEqualTo(413);
		assertThat(get("/add-checkpoint").statusCode()).isEqualTo(405);
		assertThat(get("/nothing").statusCode()).isEqualTo(404);
		assertThat(get("/latest?origin=consent-ledger.local/ledger").statusCode()).isEqualTo(404);
		assertThat(get("/latest").statusCode()).isEqualTo(400);
		assertThat(latestSize()).isZero();
	}

	@Test
	void aRestartedWitnessStillRefusesToCosignASmallerOrInconsistentTree() throws Exception {
		assertThat(post(this.log.request(0, 8)).statusCode()).isEqualTo(200);
		this.server.close();
		this.server = start();

		HttpResponse<String> fromScratch = post(this.log.request(0, 4));
		assertThat(fromScratch.statusCode()).isEqualTo(409);
		assertThat(fromScratch.body()).isEqualTo("8\n");
		assertThat(post(TestLog.request(8, List.of(), this.log.checkpoint(4))).statusCode()).isEqualTo(400);
		assertThat(post(TestLog.request(8, this.log.proof(8, 12), forkedCheckpoint(12))).statusCode()).isEqualTo(422);
		assertThat(post(this.log.request(8, 12)).statusCode()).isEqualTo(200);
	}

	@Test
	void aStateFileRolledBackOrForgedStopsTheWitnessFromStarting() throws Exception {
		assertThat(post(this.log.request(0, 4)).statusCode()).isEqualTo(200);
		Path stateFile = this.stateDir.resolve(WitnessState.fileName(this.log.origin));
		byte[] older = Files.readAllBytes(stateFile);
		assertThat(post(this.log.request(4, 8)).statusCode()).isEqualTo(200);
		this.server.close();
		this.server = null;

		Files.write(stateFile, older);
		assertThatThrownBy(this::start).hasMessageContaining("rolled back");

		Files.writeString(stateFile, this.log.checkpoint(8).text());
		assertThatThrownBy(this::start).hasMessageContaining("not cosigned by this witness's key");
	}

	@Test
	void concurrentRequestsCannotRollTheWitnessBack() throws Exception {
		assertThat(post(this.log.request(0, 4)).statusCode()).isEqualTo(200);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Integer>> requests = new ArrayList<>();
			for (int size = 5; size <= 20; size++) {
				String body = this.log.request(4, size);
				requests.add(() -> post(body).statusCode());
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> status : pool.invokeAll(requests)) {
				statuses.add(status.get());
			}
			assertThat(statuses).containsOnly(200, 409);
			assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
			long winner = latestSize();
			assertThat(winner).isBetween(5L, 20L);
			// and nothing older is taken afterwards
			assertThat(post(this.log.request(4, 5)).statusCode()).isEqualTo(409);
			assertThat(latestSize()).isEqualTo(winner);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theWitnessNeverCreatesItsKeyAndNeverOverwritesOne() throws Exception {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.keyFile))).isEqualTo("rw-------");
		String before = Files.readString(this.keyFile);
		assertThatThrownBy(() -> command("keygen", "--name", NAME, "--key-file", this.keyFile.toString()))
			.hasMessageContaining("never overwritten");
		assertThat(Files.readString(this.keyFile)).isEqualTo(before);

		Path missing = this.dir.resolve("missing.pem");
		assertThatThrownBy(() -> WitnessCommand.run(
				new String[] { "serve", "--name", NAME, "--key-file", missing.toString(), "--state-dir",
						this.stateDir.toString(), "--log", this.log.signer.verifier().vkey(), "--port", "0" },
				System.out))
			.hasMessageContaining("cannot read the key file");
		assertThat(missing).doesNotExist();
		assertThatThrownBy(() -> WitnessCommand
			.run(new String[] { "serve", "--name", NAME, "--key-file", this.keyFile.toString(), "--state-dir",
					this.dir.resolve("nowhere").toString(), "--log", this.log.signer.verifier().vkey(), "--port", "0" },
					System.out))
			.hasMessageContaining("not a writable directory");
		assertThatThrownBy(this::start).as("a second witness on the same state")
			.hasMessageContaining("another witness process");
		String noteVkey = command("vkey", "--note", "--name", "consent-ledger.local/ledger", "--key-file",
				this.keyFile.toString())
			.trim();
		assertThat(NoteVerifier.parse(noteVkey).algorithm()).isEqualTo(NoteVerifier.ED25519);
	}

	private WitnessCommand.Server start() throws IOException {
		return WitnessCommand.run(
				new String[] { "serve", "--name", NAME, "--key-file", this.keyFile.toString(), "--state-dir",
						this.stateDir.toString(), "--log", this.log.signer.verifier().vkey(), "--port", "0" },
				new PrintStream(new ByteArrayOutputStream()));
	}

	private long latestSize() throws Exception {
		HttpResponse<String> latest = get("/latest?origin=" + this.log.origin);
		return (latest.statusCode() == 404) ? 0 : TreeHead.parse(SignedNote.parse(latest.body()).body()).size();
	}

	private static String command(String... args) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		WitnessCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
		return out.toString(StandardCharsets.UTF_8);
	}

	/** A checkpoint of another tree, signed with the log's own key: a fork. */
	private SignedNote forkedCheckpoint(int size) {
		TreeHead head = new TreeHead(this.log.origin, size, new byte[32], List.of());
		return new SignedNote(head.body(), List.of(this.log.signer.sign(head.body(), 0)));
	}

	private HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri("/add-checkpoint"))
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.port() + path);
	}

}
