package kz.consentledger.commands;

import java.util.List;

import kz.consentledger.events.Provenance;
import kz.consentledger.events.Refusal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a withdrawal request; {@code purposes} empty means every purpose, and a non-null
 * {@code refusal} means the operator refused it.
 */
public record WithdrawConsent(String operator, String subject, List<String> purposes, String channel,
		String applicationRef, Refusal refusal, Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
