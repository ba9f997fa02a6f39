package kz.consentledger.events;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * A subject (or a legal representative) consented to purposes over data categories.
 * {@code findings} records problems the ledger noticed (such as an unknown policy
 * version).
 */
@Revision("1")
public record ConsentGranted(String operator, String subject, String policyVersion, List<String> purposes,
		List<String> dataCategories, List<Recipient> recipients, List<String> crossBorderCountries, GrantedBy grantedBy,
		String channel, Evidence evidence, String language, Instant expiresAt, List<String> findings,
		Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.granted(this);
	}

}
