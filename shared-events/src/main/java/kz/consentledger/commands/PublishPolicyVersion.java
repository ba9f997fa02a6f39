package kz.consentledger.commands;

import java.time.Instant;
import java.util.List;

import kz.consentledger.events.PolicyDocument;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that an operator published a privacy policy version. */
public record PublishPolicyVersion(@TargetAggregateIdentifier String operator, String version, Instant effectiveAt,
		int implicitAcceptanceDays, List<PolicyDocument> documents, List<String> purposes, List<String> dataCategories,
		List<Recipient> recipients, String storageCountry, Integer retentionYearsAfterAgreementEnd,
		boolean retentionUntilPurposeReached, Provenance provenance) {
}
