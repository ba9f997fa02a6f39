package kz.consentledger.proof;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The checkpoint body: three tlog-checkpoint lines and the two claims, in that order. */
class LedgerCheckpointTest {

	private static final byte[] ROOT = Hashes.sha256(new byte[] { 1 });

	private static final byte[] HEADS = Hashes.sha256(new byte[] { 2 });

	private static final byte[] AUDIT = Hashes.sha256(new byte[] { 3 });

	@Test
	void theBodyIsACheckpointWithTwoExtensionLines() {
		LedgerCheckpoint checkpoint = new LedgerCheckpoint("consent-ledger.local/ledger", 42, ROOT, HEADS, 7, AUDIT);
		String b64 = Base64.getEncoder().encodeToString(ROOT);
		assertThat(checkpoint.body()).isEqualTo(
				"consent-ledger.local/ledger\n42\n" + b64 + "\nheads " + Base64.getEncoder().encodeToString(HEADS)
						+ "\naudit 7 " + Base64.getEncoder().encodeToString(AUDIT) + "\n");
		LedgerCheckpoint parsed = LedgerCheckpoint.parse(checkpoint.body());
		assertThat(parsed.size()).isEqualTo(42);
		assertThat(parsed.root()).isEqualTo(ROOT);
		assertThat(parsed.headsRoot()).isEqualTo(HEADS);
		assertThat(parsed.auditCount()).isEqualTo(7);
		assertThat(parsed.auditHead()).isEqualTo(AUDIT);
	}

	@Test
	void aBodyWithoutTheClaimsOrWithBadOnesIsRefused() {
		String body = new LedgerCheckpoint("o", 1, ROOT, HEADS, 0, AUDIT).body();
		String plain = body.substring(0, body.indexOf("heads"));
		assertThatIllegalArgumentException().isThrownBy(() -> LedgerCheckpoint.parse(plain))
			.withMessageContaining("extension lines");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LedgerCheckpoint.parse(body.replace("audit 0", "audit 01")))
			.withMessageContaining("audit");
		assertThatIllegalArgumentException().isThrownBy(() -> LedgerCheckpoint.parse(body.replace("heads ", "heads x")))
			.withMessageContaining("heads");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LedgerCheckpoint.parse(plain + "audit 0 " + Base64.getEncoder().encodeToString(AUDIT)
					+ "\nheads " + Base64.getEncoder().encodeToString(HEADS) + "\n"));
	}

}
