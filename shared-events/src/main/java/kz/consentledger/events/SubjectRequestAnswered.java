package kz.consentledger.events;

import org.axonframework.serialization.Revision;

/**
 * The operator answered the subject's request {@code requestRef}: {@code outcome}
 * {@code answered} or {@code refused}, a refusal with its {@code reason} (free text,
 * sealed). {@code document} is the digest of the answer sent, when the ledger made it.
 */
@Revision("1")
public record SubjectRequestAnswered(String operator, String subject, String requestRef, String outcome, String reason,
		String document, Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.requestAnswered(this);
	}

}
