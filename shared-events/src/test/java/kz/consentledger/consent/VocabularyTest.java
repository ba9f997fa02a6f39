package kz.consentledger.consent;

import java.time.Instant;
import java.util.List;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.GrantedBy;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grants of different subjects on the same consent form share one copy of their terms and
 * purposes, built from each event's own copies of the words.
 */
class VocabularyTest {

	@Test
	void equalTermsAndPurposesAreKeptOnceAndOthersApart() {
		ConsentGranted first = granted("user-000001", List.of("email", "phone"), "2026-10-01T00:00:00Z");
		ConsentGranted second = granted("user-000002", List.of("email", "phone"), "2026-10-02T00:00:00Z");
		ConsentGranted other = granted("user-000003", List.of("email"), "2026-10-03T00:00:00Z");

		assertThat(GrantTerms.of(second)).isSameAs(GrantTerms.of(first));
		assertThat(GrantTerms.of(other)).isNotEqualTo(GrantTerms.of(first));
		assertThat(GrantTerms.of(other).dataCategories()).containsExactly("email");
		assertThat(Vocabulary.of(second.purposes())).isSameAs(Vocabulary.of(first.purposes()))
			.containsExactly("service-provision", "marketing");
	}

	/**
	 * Each event with its own copies of every string and list, as if read from the store.
	 */
	private static ConsentGranted granted(String subject, List<String> categories, String time) {
		return new ConsentGranted(copy("180440011034"), subject, copy("2021-03-18"),
				List.of(copy("service-provision"), copy("marketing")),
				categories.stream().map(VocabularyTest::copy).toList(),
				List.of(new Recipient(copy("ibro-films-group"), copy("Ibro films group"), copy("affiliate"),
						copy("KZ"))),
				List.of(), new GrantedBy("subject", null, null), "web-form", null, "kk", null, List.of(),
				new Provenance("//test/source", "event-" + subject, Instant.parse(time), Instant.parse(time)));
	}

	private static String copy(String word) {
		return new String(word.toCharArray());
	}

}
