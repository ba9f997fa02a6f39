package kz.consentledger.commands;

import kz.consentledger.events.Provenance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a subject's request (access, correction, blocking, destruction or objection).
 */
public record ReceiveSubjectRequest(String operator, String subject, String requestRef, String kind, String channel,
		Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
