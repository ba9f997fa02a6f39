package kz.consentledger.verifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import kz.consentledger.proof.LedgerKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: keys inline or in files, the exit status, the report. */
class VerifierCommandTest {

	@TempDir
	Path dir;

	private final TestLedger ledger = new TestLedger();

	@Test
	void verifiesWithKeysInlineOrInFiles() throws IOException {
		for (int i = 0; i < 3; i++) {
			this.ledger.append("user-1");
		}
		Path bundle = Files.write(this.dir.resolve("bundle.json"),
				this.ledger.signed(this.ledger.subjectBundle("user-1", this.ledger.checkpoint(3))));
		Path pem = Files.writeString(this.dir.resolve("ledger.pem"),
				LedgerKeys.publicKeyPem(this.ledger.ledgerKey.getPublic()));
		Path witness = Files.writeString(this.dir.resolve("witness.vkey"),
				this.ledger.witness.verifier().vkey() + "\n");
		Path trusted = Files.writeString(this.dir.resolve("checkpoint.txt"), this.ledger.checkpoint(3).text());

		Run inline = run("verify", "--bundle", bundle.toString(), "--ledger-key", this.ledger.ledger.verifier().vkey(),
				"--witness", this.ledger.witness.verifier().vkey(), "--at", "2026-11-05");
		assertThat(inline.status()).as(inline.out()).isZero();
		assertThat(inline.out()).contains("OK    the format is kz.consentledger.bundle/v2", "VERIFIED: " + bundle,
				"Consent as of");

		Run files = run("verify", "--bundle", bundle.toString(), "--public-key", pem.toString(), "--witness",
				witness.toString(), "--trusted-checkpoint", trusted.toString());
		assertThat(files.status()).as(files.out()).isZero();
		assertThat(files.out()).contains("are the same tree");

		Run unwitnessed = run("verify", "--bundle", bundle.toString(), "--ledger-key", pem.toString());
		assertThat(unwitnessed.status()).isEqualTo(2);
		assertThat(unwitnessed.err()).contains("a quorum of 1 needs at least as many witnesses, not 0");

		Run stranger = run("verify", "--bundle", bundle.toString(), "--ledger-key",
				LedgerKeys.publicKeyPem(LedgerKeys.generate().getPublic()), "--witness", witness.toString());
		assertThat(stranger.status()).isEqualTo(1);
		assertThat(stranger.out()).contains("FAIL  the bundle signature does not verify", "NOT VERIFIED: 2 problem(s)");
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = VerifierCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int status, String out, String err) {
	}

}
