package kz.consentledger.command.domain;

import java.time.Instant;
import java.util.List;

import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.events.PolicyDocument;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.events.Provenance;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class OperatorPoliciesTest {

	private static final Provenance PROVENANCE = new Provenance("//kinoqazaqsha.kz/cms", "pol-1",
			Instant.parse("2021-03-18T03:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));

	private static final List<PolicyDocument> DOCUMENTS = List
		.of(new PolicyDocument("kk", "https://kinoqazaqsha.kz/policy.pdf", "9f2c"));

	private final AggregateTestFixture<OperatorPolicies> fixture = new AggregateTestFixture<>(OperatorPolicies.class);

	@Test
	void aFirstPublicationIsRecordedAsIs() {
		this.fixture.givenNoPriorActivity().when(publish()).expectEvents(published(List.of()));
	}

	@Test
	void aRepublishedVersionIsRecordedWithAFinding() {
		this.fixture.given(published(List.of()))
			.when(publish())
			.expectEvents(published(List
				.of("version 2021-03-18 was already published (effective 2021-03-18T03:00:00Z); this publication supersedes it")));
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
