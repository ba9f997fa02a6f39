package kz.consentledger.commands;

import java.util.List;

import kz.consentledger.events.Provenance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record what the operator did with the subject's data: destroyed, depersonalised or
 * held.
 */
public record RecordDestruction(String operator, String subject, String dueEventId, String trigger, String outcome,
		String hold, List<String> dataCategories, List<String> systems, String method, String performedBy,
		Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
