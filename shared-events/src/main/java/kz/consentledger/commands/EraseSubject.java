package kz.consentledger.commands;

import kz.consentledger.events.Provenance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Destroy the subject's data key, for {@code reason}, on the request of
 * {@code requestedBy} ({@code requestRef}), ordered by the account {@code erasedBy}.
 */
public record EraseSubject(String operator, String subject, String reason, String requestedBy, String requestRef,
		String erasedBy, Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
