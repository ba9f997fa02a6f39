package kz.consentledger.proof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service reads its key and never creates one (issue 26). */
class LedgerKeysLoadTest {

	/**
	 * Written by {@code openssl genpkey -algorithm ed25519} and
	 * {@code openssl pkey -pubout}, as {@code deploy/run.sh} creates the key.
	 */
	private static final String OPENSSL_KEY = """
			-----BEGIN PRIVATE KEY-----
			MC4CAQAwBQYDK2VwBCIEIDCY/yQHuD6utpuikQZN82nXvd++/39+7oU+f1lCqIZv
			-----END PRIVATE KEY-----
			-----BEGIN PUBLIC KEY-----
			MCowBQYDK2VwAyEAl0mysKMh4Tw8wmzUMc7IgMMb7NkBJSXZE9cbEBpPabY=
			-----END PUBLIC KEY-----
			""";

	@TempDir
	Path dir;

	@Test
	void aKeyFileWrittenByOpensslLoadsAndSigns() throws IOException {
		Path file = Files.writeString(this.dir.resolve("ledger.pem"), OPENSSL_KEY);
		SigningKey key = SigningKey.load(file);
		byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);
		assertThat(LedgerKeys.verify(LedgerKeys.publicKey(OPENSSL_KEY), message, key.sign(message))).isTrue();
	}

	@Test
	void aMissingKeyFileIsNotCreatedAndTheErrorNamesTheFileAndHowToCreateOne() {
		Path file = this.dir.resolve("missing.pem");
		assertThatThrownBy(() -> SigningKey.load(file)).hasMessageContaining(file.toAbsolutePath().toString())
			.hasMessageContaining("does not exist")
			.hasMessageContaining("openssl genpkey -algorithm ed25519 -out " + file.toAbsolutePath());
		assertThat(file).doesNotExist();
	}

	@Test
	void aKeyFileThatIsNotAKeyOrWhosePublicKeyIsAnotherPairsIsRefused() throws IOException {
		Path garbage = Files.writeString(this.dir.resolve("garbage.pem"), "not a key");
		assertThatThrownBy(() -> SigningKey.load(garbage)).hasMessageContaining(garbage.toAbsolutePath().toString())
			.hasMessageContaining("no -----BEGIN PUBLIC KEY----- block");

		KeyPair other = LedgerKeys.generate();
		Path mixed = Files.writeString(this.dir.resolve("mixed.pem"),
				OPENSSL_KEY.substring(0, OPENSSL_KEY.indexOf("-----BEGIN PUBLIC KEY"))
						+ LedgerKeys.publicKeyPem(other.getPublic()));
		assertThatThrownBy(() -> SigningKey.load(mixed)).hasMessageContaining(mixed.toAbsolutePath().toString())
			.hasMessageContaining("its public key is not the private key's");
	}

	@Test
	void aDirectoryInPlaceOfTheKeyFileIsRefused() {
		assertThatThrownBy(() -> SigningKey.load(this.dir)).hasMessageContaining(this.dir.toAbsolutePath().toString())
			.hasMessageContaining("cannot be used");
	}

}
