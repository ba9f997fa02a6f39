package kz.consentledger.commands;

import java.util.List;

import kz.consentledger.events.Provenance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record that the user agreement ended or the purposes were reached, starting the
 * retention clock.
 */
public record EndProcessing(String operator, String subject, String reason, List<String> purposes, String policyVersion,
		Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
