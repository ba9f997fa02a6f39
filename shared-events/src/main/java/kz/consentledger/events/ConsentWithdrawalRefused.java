package kz.consentledger.events;

import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * A subject asked to withdraw and the operator refused (AITU 2.7): the request and the
 * refusal are recorded and the consent stays active. {@code applicationRef} is sealed.
 */
@Revision("1")
public record ConsentWithdrawalRefused(String operator, String subject, List<String> purposes, String channel,
		String applicationRef, Refusal refusal, Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.withdrawalRefused(this);
	}

}
