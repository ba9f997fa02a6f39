package kz.consentledger.command.domain;

/**
 * A command that only applies to a subject the ledger knows (an erasure, a re-judgment)
 * named a stream with no event.
 */
public class UnknownSubjectException extends RuntimeException {

	public UnknownSubjectException(String stream, String command) {
		super(command + " names " + stream + ", which has no event");
	}

}
