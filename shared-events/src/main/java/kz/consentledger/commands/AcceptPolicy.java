package kz.consentledger.commands;

import kz.consentledger.events.Provenance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a subject's acceptance of a policy version ({@code explicit} or
 * {@code implicit}).
 */
public record AcceptPolicy(String operator, String subject, String policyVersion, String mode,
		Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
