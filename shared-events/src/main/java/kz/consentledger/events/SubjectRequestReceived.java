package kz.consentledger.events;

import org.axonframework.serialization.Revision;

/**
 * The subject asked the operator for {@code kind}: {@code access}, {@code correction},
 * {@code blocking}, {@code destruction} or {@code objection}, through {@code channel},
 * under the operator's {@code requestRef}. The answer is due by {@code due}, on the term
 * {@code legalReference} names.
 */
@Revision("1")
public record SubjectRequestReceived(String operator, String subject, String requestRef, String kind, String channel,
		String legalReference, DueDate due, Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.requestReceived(this);
	}

}
