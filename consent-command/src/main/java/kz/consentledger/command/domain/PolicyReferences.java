package kz.consentledger.command.domain;

/**
 * Remembers, in the append transaction, the subjects whose events named a policy version
 * the ledger does not know yet, so that they are judged again once it is published
 * ({@code RejudgeSubject}).
 */
public interface PolicyReferences {

	void unresolved(String operator, String version, String aggregateId);

}
