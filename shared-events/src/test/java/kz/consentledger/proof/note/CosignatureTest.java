package kz.consentledger.proof.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;

import kz.consentledger.proof.LedgerKeys;
import org.junit.jupiter.api.Test;

import static kz.consentledger.proof.note.NoteVectors.FORMATS_COSIGNATURE;
import static kz.consentledger.proof.note.NoteVectors.SOFA_BODY;
import static kz.consentledger.proof.note.NoteVectors.SOFA_NOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CosignatureTest {

	@Test
	void thePublishedCosignaturesCarryTheirTimestamps() {
		SignedNote sofa = SignedNote.parse(SOFA_NOTE);

		assertThat(sofa.body()).isEqualTo(SOFA_BODY);
		assertThat(sofa.signatures()).hasSize(2);
		// tlog-cosignature.md signs "time 1679315147" in its example
		assertThat(sofa.signatures().get(1).name()).isEqualTo("witness.example.com/w1");
		assertThat(sofa.signatures().get(1).cosignedAt()).isEqualTo(1679315147L);
		assertThat(SignatureLine.parse("— remora.n621.de " + FORMATS_COSIGNATURE).cosignedAt()).isEqualTo(1727964367L);
		assertThat(sofa.text()).isEqualTo(SOFA_NOTE);
	}

	@Test
	void aNoteSignatureHasNoTimestamp() {
		SignatureLine logSignature = SignedNote.parse(SOFA_NOTE).signatures().get(0);
		assertThatThrownBy(logSignature::cosignedAt).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("64 bytes, not the 72");
	}

	@Test
	void aCosignatureSignsTheHeaderTheTimeLineAndTheWholeBodyAsTheSpecificationSpells() throws Exception {
		KeyPair pair = LedgerKeys.generate();
		NoteSigner witness = NoteSigner.cosigner("witness.example.com/w1", pair);
		String body = SOFA_BODY + "heads AAAA\n";

		SignatureLine line = witness.sign(body, 1679315147L);

		byte[] signature = line.signature();
		assertThat(line.keyId()).isEqualTo(witness.verifier().keyId());
		assertThat(signature).hasSize(72);
		assertThat(ByteBuffer.wrap(signature).getLong()).isEqualTo(1679315147L);
		// checked with the JDK directly, independently of the library's message builder
		Signature ed25519 = Signature.getInstance("Ed25519");
		ed25519.initVerify(pair.getPublic());
		ed25519.update(("cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
				+ "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nheads AAAA\n")
			.getBytes(StandardCharsets.UTF_8));
		assertThat(ed25519.verify(Arrays.copyOfRange(signature, 8, 72))).isTrue();
		assertThat(witness.verifier().verifies(body, line)).isTrue();
		assertThat(line.cosignedAt()).isEqualTo(1679315147L);
	}

	@Test
	void aCosignatureDoesNotVerifyForAnotherBodyTimeOrType() {
		KeyPair pair = LedgerKeys.generate();
		NoteSigner witness = NoteSigner.cosigner("witness.local/w1", pair);
		SignatureLine line = witness.sign(SOFA_BODY, 1000);

		assertThat(witness.verifier().verifies(SOFA_BODY.replace("20852163", "20852164"), line)).isFalse();
		assertThat(witness.verifier().verifies(SOFA_BODY + "ext\n", line)).isFalse();
		byte[] later = line.signature();
		later[7]++;
		assertThat(witness.verifier().verifies(SOFA_BODY, new SignatureLine(line.name(), line.keyId(), later)))
			.isFalse();
		// the same key as a note signer is another key id: a cosignature is not a log
		// signature
		NoteVerifier asNoteKey = NoteVerifier.ed25519("witness.local/w1", pair.getPublic());
		assertThat(asNoteKey.verifies(SOFA_BODY, line)).isFalse();
		SignatureLine noteLine = NoteSigner.ed25519("witness.local/w1", pair).sign(SOFA_BODY, 0);
		assertThat(witness.verifier().verifies(SOFA_BODY, noteLine)).isFalse();
	}

	@Test
	void aCosignatureWithATimeAbove2To63OrAShortSignatureDoesNotVerify() {
		NoteSigner witness = NoteSigner.cosigner("witness.local/w1", LedgerKeys.generate());
		SignatureLine line = witness.sign(SOFA_BODY, 5);
		byte[] negative = line.signature();
		negative[0] = (byte) 0x80;
		SignatureLine huge = new SignatureLine(line.name(), line.keyId(), negative);
		SignatureLine shortOne = new SignatureLine(line.name(), line.keyId(), Arrays.copyOf(line.signature(), 71));

		assertThat(witness.verifier().verifies(SOFA_BODY, huge)).isFalse();
		assertThatThrownBy(huge::cosignedAt).hasMessageContaining("2^63");
		assertThat(witness.verifier().verifies(SOFA_BODY, shortOne)).isFalse();
		assertThatThrownBy(() -> witness.sign(SOFA_BODY, -1)).hasMessageContaining("POSIX time");
		assertThatThrownBy(() -> witness.sign("no line feed", 1)).hasMessageContaining("line feed");
	}

	@Test
	void aCosignedCheckpointRoundTripsAndEachSignatureIsFoundByItsOwnKeyOnly() {
		KeyPair logKey = LedgerKeys.generate();
		NoteSigner log = NoteSigner.ed25519("example.com/behind-the-sofa", logKey);
		NoteSigner witness = NoteSigner.cosigner("witness.local/w1", LedgerKeys.generate());
		SignedNote checkpoint = new SignedNote(SOFA_BODY, List.of(log.sign(SOFA_BODY, 0)));

		SignedNote cosigned = checkpoint.plus(List.of(witness.sign(SOFA_BODY, 1700000000L)));
		SignedNote read = SignedNote.parse(cosigned.text());

		assertThat(read.verifiedBy(log.verifier())).hasSize(1);
		assertThat(read.verifiedBy(witness.verifier())).singleElement()
			.satisfies((line) -> assertThat(line.cosignedAt()).isEqualTo(1700000000L));
		assertThat(read.verifiedBy(NoteVerifier.parse(witness.verifier().vkey()))).hasSize(1);
		// a forged cosignature under the witness's name and key id makes the note suspect
		byte[] forged = new byte[72];
		forged[7] = 1;
		SignedNote withForgery = cosigned
			.plus(List.of(new SignatureLine("witness.local/w1", witness.verifier().keyId(), forged)));
		assertThatThrownBy(() -> SignedNote.parse(withForgery.text()).verifiedBy(witness.verifier()))
			.hasMessageContaining("witness.local/w1")
			.hasMessageContaining("does not verify");
	}

}
