package kz.consentledger.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import kz.consentledger.replay.StoredPayloads;
import kz.consentledger.storage.LedgerStorage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Freezes the stored JSON of every event: a change to a record that changes what is
 * stored fails here and needs a new {@code @Revision} and an upcaster, not an edit of the
 * approved file. A missing approved file is written once and the test fails, asking for a
 * review.
 */
class StoredEventJsonApprovalTest {

	private static final Serializer SERIALIZER = LedgerStorage.serializer();

	private static final Provenance PROVENANCE = new Provenance("//kinoqazaqsha.kz/web",
			"8b0f7c9e-3d52-4f0e-9a77-0c1d2e3f4a5b", Instant.parse("2026-10-02T09:31:07Z"),
			Instant.parse("2026-10-02T09:31:08.125Z"));

	private static final Recipient AFFILIATE = new Recipient("ibro-films-group", "Ibro films group legal entities",
			"affiliate", "KZ");

	static Stream<Object> events() {
		return Stream.of(
				new PolicyVersionPublished("180440011034", "2021-03-18", Instant.parse("2021-03-18T03:00:00Z"), 7,
						List.of(new PolicyDocument("kk", "https://kinoqazaqsha.kz/policy.pdf", "9f2c6a1e")),
						List.of("service-provision", "marketing"), List.of("email", "cookies"), List.of(AFFILIATE),
						"KZ", 3, null, List.of(), PROVENANCE),
				new ConsentGranted("180440011034", "user-000417", "2021-03-18", List.of("marketing"), List.of("email"),
						List.of(AFFILIATE), List.of("DE"),
						new GrantedBy("legal-representative", "sealed:v1:bmFtZQ", "sealed:v1:ZG9j"), "web-form",
						new Evidence("sealed:v1:aXA", "sealed:v1:dWE", "signup-v7", null, "9f2c6a1e"), "kk",
						Instant.parse("2027-10-02T00:00:00Z"), List.of("a finding"), PROVENANCE),
				new ConsentWithdrawn("180440011034", "user-000417", List.of("marketing"), "written-electronic",
						"sealed:v1:YXBw", LocalDate.of(2026, 11, 20), "kz-2026.1", false, PROVENANCE),
				new ConsentWithdrawalRefused("180440011034", "user-000417", List.of("service-provision"),
						"written-paper", "sealed:v1:YXBw",
						new Refusal("unfulfilled-obligation", "sealed:v1:ZGV0YWls", "contract-11"), PROVENANCE),
				new PolicyAccepted("180440011034", "user-000417", "2026-12-01", "implicit", "premature",
						List.of("implicit acceptance is valid only from 2026-12-08T00:00:00Z"), PROVENANCE),
				new DataShared("180440011034", "user-000417",
						new Recipient("adnet-eu", "Advertising network", "partner", "DE"), "marketing",
						List.of("email", "device-info"), "consent", null, "violation",
						List.of("category device-info is not covered by the consent"), LocalDate.of(2026, 11, 20),
						PROVENANCE),
				new JudgmentRevised("180440011034", "user-000417", "//kinoqazaqsha.kz/web",
						"8b0f7c9e-3d52-4f0e-9a77-0c1d2e3f4a5b", "data-shared", "ok",
						List.of("covered by the consent granted at 2026-10-01T09:00:00Z under policy 2021-03-18"), null,
						"consent-granted //kinoqazaqsha.kz/web 1f0c (at 2026-10-01T09:00:00Z) arrived later",
						new Provenance("urn:consent-ledger:judgments", "5b1c2d3e-0000-3000-8000-000000000001",
								Instant.parse("2026-10-02T09:31:07Z"), Instant.parse("2026-10-02T09:31:09Z"))),
				new SubjectErased("180440011034", "user-000417", "subject-key", Instant.parse("2026-10-01T09:00:00Z"),
						List.of("grantedBy.name", "evidence.ipAddress"), "the subject's request for destruction",
						"subject", "DSR-2026-0042", "dpo@kinoqazaqsha", PROVENANCE),
				new DestructionDue("180440011034", "user-000417", "subject-request", "Law 94-V Art. 25(2)(8)",
						List.of("marketing"), List.of("email"), "DSR-2026-0042",
						new DueDate(LocalDate.of(2026, 10, 5), "kz-2026.1", false), PROVENANCE),
				new DataDestroyed("180440011034", "user-000417", "8b0f7c9e-3d52-4f0e-9a77-0c1d2e3f4a5c",
						"subject-request", "held", "Tax Code Art. 48", List.of("email"), List.of("crm", "mailer"),
						"deletion", "sealed:v1:cGVy", PROVENANCE),
				new ProcessingEnded("180440011034", "user-000417", "agreement-ended", List.of(), "2021-03-18",
						"3 years after the agreement ends", new DueDate(LocalDate.of(2029, 10, 2), "kz-2026.1", true),
						PROVENANCE),
				new SubjectRequestReceived("180440011034", "user-000417", "DSR-2026-0042", "access", "email",
						"Law 94-V Art. 24(1)(1); Rules 395 p.16 (3 working days, unverified)",
						new DueDate(LocalDate.of(2026, 10, 7), "kz-2026.1", false), PROVENANCE),
				new SubjectRequestAnswered("180440011034", "user-000417", "DSR-2026-0042", "refused",
						"sealed:v1:cmVhc29u", "sha256:9f2c6a1e", PROVENANCE));
	}

	@ParameterizedTest
	@MethodSource("events")
	void storedJsonIsTheApprovedOne(Object event) throws IOException {
		SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);
		assertThat(stored.getType().getName()).isEqualTo(event.getClass().getName());
		String revision = event.getClass().getAnnotation(Revision.class).value();
		assertThat(stored.getType().getRevision()).isEqualTo(revision)
			.isEqualTo(String.valueOf(StoredPayloads.currentRevision(event.getClass())));
		String json = new String(stored.getData(), StandardCharsets.UTF_8);
		Path approved = Path.of("src", "test", "resources", "approved", event.getClass().getSimpleName() + ".json");
		if (!Files.exists(approved)) {
			Files.writeString(approved, json);
			fail("wrote " + approved + ": review it and commit it");
		}
		assertThat(json).isEqualTo(Files.readString(approved));
		Object read = SERIALIZER.deserialize(stored);
		assertThat(read).isEqualTo(event);
		// The offline verifier reads the same JSON without Axon.
		assertThat(StoredPayloads.read(event.getClass().getName(), revision, stored.getData())).isEqualTo(event);
	}

	/**
	 * Revision 1 of a withdrawal, as stored before the calendar was data: read by both
	 * readers with no calendar version.
	 */
	@Test
	void aWithdrawalOfRevisionOneReadsWithoutACalendarVersion() throws IOException {
		byte[] stored = Files.readAllBytes(Path.of("src", "test", "resources", "approved", "ConsentWithdrawn-1.json"));
		ConsentWithdrawn expected = new ConsentWithdrawn("180440011034", "user-000417", List.of("marketing"),
				"written-electronic", "sealed:v1:YXBw", LocalDate.of(2026, 11, 20), null, null, PROVENANCE);
		assertThat((Object) SERIALIZER
			.deserialize(new SimpleSerializedObject<>(stored, byte[].class, ConsentWithdrawn.class.getName(), "1")))
			.isEqualTo(expected);
		assertThat(StoredPayloads.read(ConsentWithdrawn.class.getName(), "1", stored)).isEqualTo(expected);
		assertThatThrownBy(() -> StoredPayloads.read(ConsentWithdrawn.class.getName(), "3", stored))
			.hasMessageContaining("has no revision 3");
	}

}
