package kz.consentledger.command.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.events.PolicyDocument;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.events.Provenance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorPoliciesTest {

	private static final Provenance PROVENANCE = new Provenance("//kinoqazaqsha.kz/cms", "pol-1",
			Instant.parse("2021-03-18T03:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));

	private static final List<PolicyDocument> DOCUMENTS = List
		.of(new PolicyDocument("kk", "https://kinoqazaqsha.kz/policy.pdf", "9f2c"));

	@Test
	void aFirstPublicationIsRecordedAsIs() {
		OperatorPolicies operator = new OperatorPolicies("180440011034", -1, Map.of());
		Decisions out = new Decisions();
		operator.decide(publish(), out);
		assertThat(out.events()).singleElement().satisfies((event) -> {
			assertThat(event.payload()).isEqualTo(published(List.of()));
			assertThat(event.stream()).isEqualTo("180440011034");
			assertThat(event.sequence()).isZero();
		});
		assertThat(operator.terms("2021-03-18")).isPresent();
	}

	@Test
	void aRepublishedVersionIsRecordedWithAFinding() {
		OperatorPolicies operator = new OperatorPolicies("180440011034", 4,
				Map.of("2021-03-18", PolicyTerms.of(published(List.of()))));
		Decisions out = new Decisions();
		operator.decide(publish(), out);
		assertThat(out.events()).singleElement().satisfies((event) -> {
			assertThat(event.payload()).isEqualTo(published(List
				.of("version 2021-03-18 was already published (effective 2021-03-18T03:00:00Z); this publication supersedes it")));
			assertThat(event.sequence()).isEqualTo(5);
		});
	}

	private static PublishPolicyVersion publish() {
		return new PublishPolicyVersion("180440011034", "2021-03-18", Instant.parse("2021-03-18T03:00:00Z"), 7,
				DOCUMENTS, List.of("marketing"), List.of("email"), List.of(), "KZ", 3, false, PROVENANCE);
	}

	private static PolicyVersionPublished published(List<String> findings) {
		return new PolicyVersionPublished("180440011034", "2021-03-18", Instant.parse("2021-03-18T03:00:00Z"), 7,
				DOCUMENTS, List.of("marketing"), List.of("email"), List.of(), "KZ", 3, null, findings, PROVENANCE);
	}

}
