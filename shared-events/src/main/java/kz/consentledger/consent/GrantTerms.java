package kz.consentledger.consent;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.Recipient;

/**
 * What a consent covers, apart from its purposes and when it was given: the few variants
 * of an operator's consent form, held once per JVM ({@link Vocabulary}).
 */
public record GrantTerms(String policyVersion, Set<String> dataCategories, List<Recipient> recipients,
		List<String> crossBorderCountries, Instant expiresAt) {

	/** The categories as a set: every disclosure looks each of its categories up. */
	public static GrantTerms of(ConsentGranted event) {
		return Vocabulary.kept(new GrantTerms(Vocabulary.of(event.policyVersion()),
				Vocabulary.setOf(event.dataCategories()), event.recipients().stream().map(Vocabulary::of).toList(),
				Vocabulary.of(event.crossBorderCountries()), event.expiresAt()));
	}

	public boolean inForceAt(Instant time) {
		return this.expiresAt == null || time.isBefore(this.expiresAt);
	}

}
