package kz.consentledger.proof.note;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import kz.consentledger.proof.LedgerKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static kz.consentledger.proof.note.NoteVectors.ENOCH_VKEY;
import static kz.consentledger.proof.note.NoteVectors.PETER_VKEY;
import static kz.consentledger.proof.note.NoteVectors.PLUS_VKEY;
import static kz.consentledger.proof.note.NoteVectors.REMORA_VKEY;
import static kz.consentledger.proof.note.NoteVectors.SPEC_VKEY;
import static kz.consentledger.proof.note.NoteVectors.SUMDB_VKEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoteVerifierTest {

	@ParameterizedTest
	@ValueSource(strings = { SPEC_VKEY, PETER_VKEY, ENOCH_VKEY, SUMDB_VKEY, PLUS_VKEY, REMORA_VKEY })
	void publishedVkeysAreReadAndWrittenBackByteForByte(String vkey) {
		NoteVerifier verifier = NoteVerifier.parse(vkey);

		assertThat(verifier.vkey()).isEqualTo(vkey);
		assertThat(HexFormat.of().formatHex(verifier.keyId())).isEqualTo(vkey.split("\\+")[1]);
		assertThat(verifier.publicKey()).hasSize(32);
		assertThat(NoteVerifier.parse(verifier.vkey())).isEqualTo(verifier);
	}

	@Test
	void theTypeOfEachPublishedKeyIsItsFirstByte() {
		assertThat(NoteVerifier.parse(PETER_VKEY).algorithm()).isEqualTo(NoteVerifier.ED25519);
		assertThat(NoteVerifier.parse(PLUS_VKEY).name()).isEqualTo("TEST");
		assertThat(NoteVerifier.parse(REMORA_VKEY).algorithm()).isEqualTo(NoteVerifier.COSIGNATURE);
		assertThat(NoteVerifier.parse(REMORA_VKEY).name()).isEqualTo("remora.n621.de");
	}

	@Test
	void everyManglingOfAVkeyIsRefused() {
		// as golang.org/x/mod/sumdb/note's TestNewVerifier: every proper substring, every
		// byte changed
		byte[] bytes = PETER_VKEY.getBytes(StandardCharsets.UTF_8);
		List<String> mangled = new ArrayList<>();
		for (int from = 0; from <= bytes.length; from++) {
			for (int to = from + 1; to <= bytes.length; to++) {
				if (from != 0 || to != bytes.length) {
					mangled.add(new String(bytes, from, to - from, StandardCharsets.UTF_8));
				}
			}
		}
		for (int i = 0; i < bytes.length; i++) {
			byte[] changed = bytes.clone();
			changed[i]++;
			mangled.add(new String(changed, StandardCharsets.UTF_8));
		}
		for (String vkey : mangled) {
			assertThatThrownBy(() -> NoteVerifier.parse(vkey)).as(vkey).isInstanceOf(IllegalArgumentException.class);
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW|does not match",
					"PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW|8 lowercase hex digits",
					"PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW|8 lowercase hex digits",
					"PeterNeumann+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW|name+keyid+base64",
					"+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW|vkey name is empty",
					"Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW|contains a space",
					"Peter\u00a0Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW|contains a space",
					"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T|not canonical",
					"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=|not base64",
					"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbz_KqiBfsVkmqq/LDE4izWy10TW|not base64",
					"PeterNeumann+c74f20a3+|has no key", "PeterNeumann+c74f20a3+ARpc|has 2 bytes",
					"PeterNeumann+c74f20a3+AhpcAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|unknown signature type 0x02",
					"PeterNeumann+c74f20a3+BhpcAAAA|unknown signature type 0x06" })
	void aBadVkeyIsRefusedSayingWhatIsWrong(String vkey, String message) {
		assertThatThrownBy(() -> NoteVerifier.parse(vkey)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(message);
	}

	@Test
	void aVkeyOfAKeyWithAControlCharacterOrPlusInItsNameCannotBeMade() {
		KeyPair pair = LedgerKeys.generate();
		assertThatThrownBy(() -> NoteVerifier.ed25519("a+b", pair.getPublic())).hasMessageContaining("'+'");
		assertThatThrownBy(() -> NoteVerifier.ed25519("a\nb", pair.getPublic())).hasMessageContaining("space");
		assertThatThrownBy(() -> NoteVerifier.ed25519("a\u0000b", pair.getPublic()))
			.hasMessageContaining("control character");
		assertThatThrownBy(() -> NoteVerifier.ed25519("", pair.getPublic())).hasMessageContaining("empty");
		assertThatThrownBy(() -> new NoteVerifier("a", 1, new byte[31])).hasMessageContaining("32 bytes");
		assertThatThrownBy(() -> new NoteVerifier("a", 5, new byte[32]))
			.hasMessageContaining("unknown signature type 0x05");
	}

	@Test
	void aJdkKeyGivesTheSameVerifierAsItsVkeyAndBack() {
		KeyPair pair = LedgerKeys.generate();
		NoteVerifier note = NoteVerifier.ed25519("consent-ledger.local/ledger", pair.getPublic());
		NoteVerifier cosigner = NoteVerifier.cosigner("witness.local/w1", pair.getPublic());

		assertThat(NoteVerifier.parse(note.vkey())).isEqualTo(note);
		assertThat(note.vkey()).matches("consent-ledger\\.local/ledger\\+[0-9a-f]{8}\\+A[A-Za-z0-9+/]{43}");
		assertThat(cosigner.vkey()).matches("witness\\.local/w1\\+[0-9a-f]{8}\\+B[A-Za-z0-9+/]{43}");
		assertThat(note.publicKeyObject().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
		// the same key under another type has another id: the types are kept apart
		assertThat(NoteVerifier.ed25519("witness.local/w1", pair.getPublic()).keyId()).isNotEqualTo(cosigner.keyId());
	}

}
