package kz.consentledger.commands;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Judge again a subject's events that named a policy version the ledger did not know when
 * it judged them, now that the version is published. Issued by the ledger itself, not by
 * a producer; {@code receivedAt} is when the ledger learned of the publication.
 */
public record RejudgeSubject(String operator, String subject, String policyVersion, String because,
		Instant receivedAt) implements SubjectCommand {

	/** The idempotency-key source under which the ledger appends these commands. */
	public static final String SOURCE = "urn:consent-ledger:rejudgments";

	@TargetAggregateIdentifier
	public String aggregateId() {
		return SubjectCommand.aggregateId(operator, subject);
	}

}
