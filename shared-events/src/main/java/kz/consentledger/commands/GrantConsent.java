package kz.consentledger.commands;

import java.time.Instant;
import java.util.List;

import kz.consentledger.events.Evidence;
import kz.consentledger.events.GrantedBy;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a consent given by a subject or a legal representative. */
public record GrantConsent(String operator, String subject, String policyVersion, List<String> purposes,
		List<String> dataCategories, List<Recipient> recipients, List<String> crossBorderCountries, GrantedBy grantedBy,
		String channel, Evidence evidence, String language, Instant expiresAt,
		Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
