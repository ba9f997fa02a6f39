package kz.consentledger.commands;

import java.time.LocalDate;
import java.util.List;

import kz.consentledger.events.Provenance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record that the subject's data must be destroyed; {@code dueBy} is the producer's own
 * date, null to let the ledger compute it from the trigger.
 */
public record RecordDestructionDue(String operator, String subject, String trigger, String legalReference,
		List<String> purposes, List<String> dataCategories, String requestRef, LocalDate dueBy,
		Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
