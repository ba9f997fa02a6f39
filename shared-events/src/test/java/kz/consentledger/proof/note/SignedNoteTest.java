package kz.consentledger.proof.note;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import kz.consentledger.proof.LedgerKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static kz.consentledger.proof.note.NoteVectors.ENOCH_LINE;
import static kz.consentledger.proof.note.NoteVectors.ENOCH_VKEY;
import static kz.consentledger.proof.note.NoteVectors.GO_TEXT;
import static kz.consentledger.proof.note.NoteVectors.PETER_LINE;
import static kz.consentledger.proof.note.NoteVectors.PETER_SKEY;
import static kz.consentledger.proof.note.NoteVectors.PETER_VKEY;
import static kz.consentledger.proof.note.NoteVectors.SPEC_NOTE;
import static kz.consentledger.proof.note.NoteVectors.SPEC_VKEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedNoteTest {

	@Test
	void theSpecificationsExampleNoteVerifiesWithItsKeyAndIsWrittenBackByteForByte() {
		SignedNote note = SignedNote.parse(SPEC_NOTE);

		assertThat(note.body()).isEqualTo("This is an example message.\n");
		assertThat(note.verifiedBy(NoteVerifier.parse(SPEC_VKEY))).hasSize(1);
		assertThat(note.text()).isEqualTo(SPEC_NOTE);
		assertThat(note.verifiedBy(NoteVerifier.parse(PETER_VKEY))).isEmpty();
	}

	@Test
	void goSumdbNoteExampleIsReproducedByteForByteFromItsPrivateKey() throws Exception {
		KeyPair pair = NoteVectors.goKeyPair(PETER_SKEY, PETER_VKEY);
		NoteSigner signer = NoteSigner.ed25519("PeterNeumann", pair);

		SignatureLine line = signer.sign(GO_TEXT, 1234);

		assertThat(signer.verifier().vkey()).isEqualTo(PETER_VKEY);
		assertThat(line.line()).isEqualTo(PETER_LINE);
		assertThat(new SignedNote(GO_TEXT, List.of(line)).text()).isEqualTo(GO_TEXT + "\n" + PETER_LINE + "\n");
	}

	@Test
	void aNoteSignedByTwoKeysVerifiesWithEachAndATamperedOneWithNeither() {
		SignedNote note = SignedNote.parse(GO_TEXT + "\n" + PETER_LINE + "\n" + ENOCH_LINE + "\n");
		NoteVerifier peter = NoteVerifier.parse(PETER_VKEY);
		NoteVerifier enoch = NoteVerifier.parse(ENOCH_VKEY);

		assertThat(note.verifiedBy(peter)).containsExactly(SignatureLine.parse(PETER_LINE));
		assertThat(note.verifiedBy(enoch)).containsExactly(SignatureLine.parse(ENOCH_LINE));
		SignedNote tampered = SignedNote.parse(note.text().replace("cryptography", "cryptographY"));
		assertThatThrownBy(() -> tampered.verifiedBy(peter)).hasMessageContaining("PeterNeumann (key id c74f20a3)")
			.hasMessageContaining("does not verify");
		assertThat(peter.verifies(tampered.body(), SignatureLine.parse(PETER_LINE))).isFalse();
	}

	@Test
	void aSignatureOfAnUnknownKeyIsIgnoredEvenWithAKnownNameOrKeyId() {
		NoteVerifier peter = NoteVerifier.parse(PETER_VKEY);
		SignatureLine real = SignatureLine.parse(PETER_LINE);
		SignatureLine otherId = new SignatureLine("PeterNeumann", new byte[4], real.signature());
		SignatureLine otherName = new SignatureLine("PeterNeumann2", real.keyId(), real.signature());

		SignedNote note = new SignedNote(GO_TEXT, List.of(otherId, otherName));

		assertThat(note.verifiedBy(peter)).isEmpty();
		assertThat(peter.verifies(GO_TEXT, otherId)).isFalse();
		assertThat(peter.verifies(GO_TEXT, otherName)).isFalse();
	}

	@Test
	void plusAddsOnlyNewSignaturesAndKeepsTheOrder() {
		SignatureLine peter = SignatureLine.parse(PETER_LINE);
		SignatureLine enoch = SignatureLine.parse(ENOCH_LINE);
		SignedNote note = new SignedNote(GO_TEXT, List.of(peter));

		SignedNote both = note.plus(List.of(SignatureLine.parse(PETER_LINE), enoch, enoch));

		assertThat(both.signatures()).containsExactly(peter, enoch);
		assertThat(SignedNote.parse(both.text())).isEqualTo(both);
	}

	@Test
	void theBodyEndsAtTheLastBlankLineSoABodyMayHoldBlankLines() {
		KeyPair pair = LedgerKeys.generate();
		NoteSigner signer = NoteSigner.ed25519("example.com/blank", pair);
		String body = "first\n\nthird\n\n";
		SignedNote note = new SignedNote(body, List.of(signer.sign(body, 0)));

		SignedNote read = SignedNote.parse(note.text());

		assertThat(read.body()).isEqualTo(body);
		assertThat(read.verifiedBy(signer.verifier())).hasSize(1);
	}

	@Test
	void aNoteReadFromBytesMustBeUtf8() {
		byte[] latin1 = "caf\u00e9\n\n".getBytes(StandardCharsets.ISO_8859_1);
		assertThatThrownBy(() -> SignedNote.parse(latin1)).hasMessageContaining("not valid UTF-8");
		assertThat(SignedNote.parse(SPEC_NOTE.getBytes(StandardCharsets.UTF_8))).isEqualTo(SignedNote.parse(SPEC_NOTE));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { "``|the note is empty",
			"`body\\n\\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`|does not end with a line feed",
			"`body\\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\\n`|no blank line",
			"`body\\n\\n`|no signature lines", "`body\\r\\n\\n— a AAAAAAA=\\n`|control character U+000D",
			"`bo\\tdy\\n\\n— a AAAAAAA=\\n`|control character U+0009",
			"`body\\n\\n- a AAAAAAA=\\n`|starts with an em dash", "`body\\n\\n—a AAAAAAA=\\n`|starts with an em dash",
			"`body\\n\\n— a\\n`|is \"— name base64\", not", "`body\\n\\n— a AAAAAAA=\\n\\n`|no signature lines",
			"`body\\n\\n— a+b AAAAAAA=\\n`|contains '+'", "`body\\n\\n— a AAAA\\n`|no bytes after its key id",
			"`body\\n\\n— a AAAAAAA\\n`|not canonical", "`body\\n\\n— a AAAAAAA= \\n`|not base64",
			"`body\\n\\n—  AAAAAAA=\\n`|signature name is empty", "`body\\n\\n— a AAAAAAB=\\n`|not canonical" })
	void aMalformedNoteIsRefusedSayingWhatIsWrong(String escaped, String message) {
		String text = escaped.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
		assertThatThrownBy(() -> SignedNote.parse(text)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(message);
	}

	@Test
	void aNoteWithMoreThanAHundredSignaturesIsRefused() {
		String hundred = String.join("\n", Collections.nCopies(100, PETER_LINE)) + "\n";
		assertThat(SignedNote.parse(GO_TEXT + "\n" + hundred).signatures()).hasSize(100);
		assertThatThrownBy(() -> SignedNote.parse(GO_TEXT + "\n" + hundred + ENOCH_LINE + "\n"))
			.hasMessageContaining("more than 100 signatures");
	}

	@Test
	void randomBodiesRoundTripAndAnyChangedByteIsRefusedOrFailsToVerify() {
		Random random = new Random(26);
		NoteSigner signer = NoteSigner.ed25519("example.com/random", LedgerKeys.generate());
		String alphabet = "abcXYZ019 +/=—é\n";
		for (int round = 0; round < 300; round++) {
			StringBuilder body = new StringBuilder();
			int length = 1 + random.nextInt(60);
			for (int i = 0; i < length; i++) {
				body.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			body.append('\n');
			SignedNote note = new SignedNote(body.toString(), List.of(signer.sign(body.toString(), 0)));
			assertThat(SignedNote.parse(note.text())).isEqualTo(note);
			assertThat(SignedNote.parse(note.text()).verifiedBy(signer.verifier())).hasSize(1);

			byte[] bytes = note.text().getBytes(StandardCharsets.UTF_8);
			bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
			assertThat(changedNoteIsRefused(bytes, signer.verifier())).as(note.text()).isTrue();
		}
	}

	private static boolean changedNoteIsRefused(byte[] bytes, NoteVerifier verifier) {
		try {
			return SignedNote.parse(bytes).verifiedBy(verifier).isEmpty();
		}
		catch (IllegalArgumentException refused) {
			return true;
		}
	}

}
