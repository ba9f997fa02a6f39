package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A key is reached from a trusted one only through statements both keys signed. */
class KeyRotationTest {

	private static final String ORIGIN = "consent-ledger.local/ledger";

	private final NoteSigner first = NoteSigner.ed25519(ORIGIN, LedgerKeys.generate());

	private final NoteSigner second = NoteSigner.ed25519(ORIGIN, LedgerKeys.generate());

	private final NoteSigner third = NoteSigner.ed25519(ORIGIN, LedgerKeys.generate());

	@Test
	void statementsSignedByBothKeysLeadFromTheTrustedKeyToTheCurrentOne() {
		SignedNote one = new KeyRotation(ORIGIN, this.first.verifier(), this.second.verifier(), 10).sign(this.first,
				this.second, 1);
		SignedNote two = new KeyRotation(ORIGIN, this.second.verifier(), this.third.verifier(), 20).sign(this.second,
				this.third, 2);
		List<String> failures = new ArrayList<>();
		assertThat(KeyRotation.follow(List.of(this.first.verifier()), List.of(one, two), failures))
			.containsExactly(this.first.verifier(), this.second.verifier(), this.third.verifier());
		assertThat(failures).isEmpty();
		assertThat(KeyRotation.parse(two.body()).from()).isEqualTo(20);
	}

	@Test
	void aKeySwappedInWithoutThePreviousKeysSignatureIsNotReached() {
		NoteSigner intruder = NoteSigner.ed25519(ORIGIN, LedgerKeys.generate());
		// Signed by the new key only, twice: the previous key never vouched for it.
		KeyRotation rotation = new KeyRotation(ORIGIN, this.first.verifier(), intruder.verifier(), 10);
		SignedNote forged = rotation.sign(intruder, intruder, 1);
		List<String> failures = new ArrayList<>();
		assertThat(KeyRotation.follow(List.of(this.first.verifier()), List.of(forged), failures))
			.containsExactly(this.first.verifier());
		assertThat(failures).singleElement().asString().contains("not signed by both");
		// A chain that starts from a key nobody trusts reaches nothing either.
		SignedNote detached = new KeyRotation(ORIGIN, this.second.verifier(), intruder.verifier(), 10).sign(this.second,
				intruder, 1);
		failures.clear();
		assertThat(KeyRotation.follow(List.of(this.first.verifier()), List.of(detached), failures))
			.containsExactly(this.first.verifier());
		assertThat(failures).singleElement().asString().contains("not trusted");
	}

	@Test
	void aMalformedStatementIsRefused() {
		String body = new KeyRotation(ORIGIN, this.first.verifier(), this.second.verifier(), 10).body();
		assertThatIllegalArgumentException().isThrownBy(() -> KeyRotation.parse(body.replace("from 10", "from 010")));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyRotation.parse(body + "extra\n"));
		assertThat(NoteVerifier.parse(this.first.verifier().vkey())).isEqualTo(this.first.verifier());
	}

}
