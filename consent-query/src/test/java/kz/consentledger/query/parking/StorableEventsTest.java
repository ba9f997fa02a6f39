package kz.consentledger.query.parking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.Evidence;
import kz.consentledger.events.GrantedBy;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the guard lets through to the projections, and how it names what it refuses. */
class StorableEventsTest {

	private static final Instant TIME = Instant.parse("2026-10-02T09:31:07Z");

	@Test
	void anOrdinaryEventPasses() {
		assertThatCode(() -> check(grant("2021-03-18", "Ibro films", TIME))).doesNotThrowAnyException();
	}

	@Test
	void aTimeOutsidePostgresqlsRangeIsNamed() {
		assertThatThrownBy(() -> check(grant("2021-03-18", "Ibro films", Instant.parse("+999999999-12-31T23:59:59Z"))))
			.isInstanceOf(UnstorableEventException.class)
			.hasMessageStartingWith("provenance.occurredAt is +999999999-12-31T23:59:59Z, outside");
		assertThatThrownBy(() -> check(grant("2021-03-18", "Ibro films", Instant.parse("-0001-01-01T00:00:00Z"))))
			.hasMessageStartingWith("provenance.occurredAt is -0001-01-01T00:00:00Z");
	}

	@Test
	void aDateOutsideTheWindowIsNamed() {
		ConsentWithdrawn withdrawn = new ConsentWithdrawn("180440011034", "user-1", List.of("marketing"), "web", null,
				LocalDate.of(10000, 1, 1), null, null, provenance(TIME));
		assertThatThrownBy(() -> check(withdrawn)).hasMessageStartingWith("stopDueBy is ");
	}

	@Test
	void aNulOrALoneSurrogateAnywhereIsNamedWithoutItsValue() {
		assertThatThrownBy(() -> check(grant("2021\u000003-18", "Ibro films", TIME)))
			.hasMessage("policyVersion holds a NUL character (\\u0000) at index 4, which PostgreSQL's text and jsonb "
					+ "refuse");
		assertThatThrownBy(() -> check(grant("2021-03-18", "Ibro \uD800films", TIME)))
			.hasMessage("recipients[0].name holds a lone surrogate at index 5, which UTF-8 cannot encode");
		assertThatCode(() -> check(grant("2021-03-18", "Ibro \uD83C\uDFACfilms", TIME))).doesNotThrowAnyException();
	}

	@Test
	void aValueLongerThanItsColumnOrCounterKeyIsNamed() {
		assertThatThrownBy(() -> check(grant("v".repeat(129), "Ibro films", TIME)))
			.hasMessage("policyVersion is 129 characters long; its column holds 128");
		DataShared shared = new DataShared("180440011034", "user-1",
				new Recipient("id", "ж".repeat(1300), "affiliate", "KZ"), "marketing", List.of("email"), "consent",
				null, "ok", List.of(), null, provenance(TIME));
		assertThatThrownBy(() -> check(shared)).hasMessageStartingWith("recipient takes 2613 bytes");
	}

	@Test
	void aRejudgmentIsCheckedAgainstTheColumnsOfTheEntryItJudges() {
		assertThatCode(() -> check(revised("//kinoqazaqsha.kz/web", "data-shared"))).doesNotThrowAnyException();
		assertThatThrownBy(() -> check(revised("s".repeat(1025), "data-shared")))
			.hasMessage("judgedSource is 1025 characters long; its column holds 1024");
		assertThatThrownBy(() -> check(revised("//kinoqazaqsha.kz/web", "t".repeat(65))))
			.hasMessage("judgedType is 65 characters long; its column holds 64");
	}

	@Test
	void theEventsOwnTimestampIsChecked() {
		GenericEventMessage<ConsentGranted> event = new GenericEventMessage<>(
				new GenericEventMessage<>(grant("2021-03-18", "Ibro films", TIME)),
				() -> Instant.parse("+10000-01-01T00:00:00Z"));
		assertThatThrownBy(() -> StorableEvents.check(event)).hasMessageStartingWith("timestamp is ");
	}

	private static void check(Object payload) {
		StorableEvents.check(GenericEventMessage.asEventMessage(payload));
	}

	private static ConsentGranted grant(String policyVersion, String recipient, Instant occurredAt) {
		return new ConsentGranted("180440011034", "user-1", policyVersion, List.of("marketing"), List.of("email"),
				List.of(new Recipient("ibro", recipient, "affiliate", "KZ")), List.of(),
				new GrantedBy("subject", null, null), "web-form", new Evidence(null, null, "signup-v7", null, null),
				"kk", null, List.of(), provenance(occurredAt));
	}

	private static JudgmentRevised revised(String judgedSource, String judgedType) {
		return new JudgmentRevised("180440011034", "user-1", judgedSource, "event-0", judgedType, "ok", List.of(), null,
				"a late grant", provenance(TIME));
	}

	private static Provenance provenance(Instant occurredAt) {
		return new Provenance("//kinoqazaqsha.kz/web", "event-1", occurredAt, TIME);
	}

}
