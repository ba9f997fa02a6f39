package kz.consentledger.commands;

import kz.consentledger.events.Provenance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record the operator's answer to a subject's request, or its reasoned refusal. */
public record AnswerSubjectRequest(String operator, String subject, String requestRef, String outcome, String reason,
		String document, Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
