package kz.consentledger.commands;

import kz.consentledger.storage.LedgerStorage;

/**
 * A command about one subject at one operator. The aggregate identifier is
 * {@code <operator>:<subject>}, the same as the contract's Kafka record key, so one
 * subject's consent at one operator is one consistency boundary.
 */
public interface SubjectCommand {

	String operator();

	String subject();

	/** The stream this command goes to: {@link #aggregateId(String, String)}. */
	String aggregateId();

	static String aggregateId(String operator, String subject) {
		return LedgerStorage.subjectStream(operator, subject);
	}

}
