package kz.consentledger.proof;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerKeysTest {

	@Test
	void aCheckpointSignedWithAKeyReadBackFromPemVerifiesAndAnAlteredOneDoesNot() {
		KeyPair pair = LedgerKeys.generate();
		PrivateKey privateKey = LedgerKeys.privateKey(LedgerKeys.privateKeyPem(pair.getPrivate()));
		PublicKey publicKey = LedgerKeys.publicKey(LedgerKeys.publicKeyPem(pair.getPublic()));
		Checkpoint checkpoint = new Checkpoint(1, 0, 9, "ab".repeat(32), "cd".repeat(32), "00".repeat(32),
				"2026-11-21T10:00:00Z", LedgerKeys.keyId(publicKey));
		byte[] signature = LedgerKeys.sign(privateKey, checkpoint.statement());

		assertThat(LedgerKeys.verify(pair.getPublic(), checkpoint.statement(), signature)).isTrue();
		Checkpoint moved = new Checkpoint(1, 0, 10, checkpoint.merkleRoot(), checkpoint.ledgerHash(),
				checkpoint.previousStatementHash(), checkpoint.sealedAt(), checkpoint.keyId());
		assertThat(LedgerKeys.verify(publicKey, moved.statement(), signature)).isFalse();
		assertThat(LedgerKeys.verify(LedgerKeys.generate().getPublic(), checkpoint.statement(), signature)).isFalse();
		assertThat(new String(checkpoint.statement(), java.nio.charset.StandardCharsets.UTF_8))
			.startsWith("{\"checkpoint\":1,\"firstPosition\":0,\"keyId\":\"" + LedgerKeys.keyId(publicKey)
					+ "\",\"lastPosition\":9,");
	}

	@Test
	void aPublicKeyFileOfAnotherKindIsAClearError() {
		assertThatThrownBy(() -> LedgerKeys.publicKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
			.hasMessageContaining("no -----BEGIN PUBLIC KEY----- block");
	}

}
