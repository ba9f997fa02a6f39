package kz.consentledger.command.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.Recipient;

/**
 * What a consent covers, apart from its purposes and when it was given: grants with the
 * same terms judge every disclosure alike, so the subject's history keeps one group per
 * terms and purpose.
 */
record GrantTerms(String policyVersion, Set<String> dataCategories, List<Recipient> recipients,
		List<String> crossBorderCountries, Instant expiresAt) {

	/** The categories as a set: every disclosure looks each of its categories up. */
	static GrantTerms of(ConsentGranted event) {
		return Vocabulary.kept(new GrantTerms(Vocabulary.of(event.policyVersion()),
				Vocabulary.setOf(event.dataCategories()), event.recipients().stream().map(Vocabulary::of).toList(),
				Vocabulary.of(event.crossBorderCountries()), event.expiresAt()));
	}

	/**
	 * The same terms, but for when they expire: grants that differ only in it judge
	 * alike.
	 */
	GrantTerms withoutExpiry() {
		return (this.expiresAt == null) ? this : Vocabulary.kept(new GrantTerms(this.policyVersion, this.dataCategories,
				this.recipients, this.crossBorderCountries, null));
	}

	boolean inForceAt(Instant time) {
		return this.expiresAt == null || time.isBefore(this.expiresAt);
	}

}
