package kz.consentledger.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.replay.StoredPayloads;
import kz.consentledger.storage.LedgerStorage;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A policy version stored as revision 1 (its approved JSON, as the store holds it) reads
 * with no "until the purpose is reached" rule, through Axon and the offline reader alike.
 */
class PolicyVersionPublishedRevisionsTest {

	@Test
	void revisionOneReadsWithoutTheNewRule() throws IOException {
		byte[] stored = Files
			.readAllBytes(Path.of("src", "test", "resources", "approved", "PolicyVersionPublished-1.json"));
		PolicyVersionPublished expected = new PolicyVersionPublished("180440011034", "2021-03-18",
				Instant.parse("2021-03-18T03:00:00Z"), 7,
				List.of(new PolicyDocument("kk", "https://kinoqazaqsha.kz/policy.pdf", "9f2c6a1e")),
				List.of("service-provision", "marketing"), List.of("email", "cookies"),
				List.of(new Recipient("ibro-films-group", "Ibro films group legal entities", "affiliate", "KZ")), "KZ",
				3, null, List.of(), new Provenance("//kinoqazaqsha.kz/web", "8b0f7c9e-3d52-4f0e-9a77-0c1d2e3f4a5b",
						Instant.parse("2026-10-02T09:31:07Z"), Instant.parse("2026-10-02T09:31:08.125Z")));
		Object read = LedgerStorage.serializer()
			.deserialize(
					new SimpleSerializedObject<>(stored, byte[].class, PolicyVersionPublished.class.getName(), "1"));
		assertThat(read).isEqualTo(expected);
		assertThat(StoredPayloads.read(PolicyVersionPublished.class.getName(), "1", stored)).isEqualTo(expected);
		assertThat(PolicyTerms.of(expected).retention()).isEqualTo(new PolicyTerms.Retention(3, false));
	}

}
