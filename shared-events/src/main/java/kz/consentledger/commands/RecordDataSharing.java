package kz.consentledger.commands;

import java.util.List;

import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a disclosure of a subject's data; the ledger evaluates it against the consents
 * in force.
 */
public record RecordDataSharing(String operator, String subject, Recipient recipient, String purpose,
		List<String> dataCategories, String legalBasis, String requestRef,
		Provenance provenance) implements SubjectCommand {

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
