package kz.consentledger.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import kz.consentledger.events.PolicyVersionPublished;

/** What the rest of the domain needs to know about one published policy version. */
public record PolicyTerms(String version, Instant effectiveAt, int implicitAcceptanceDays, List<String> purposes,
		List<String> dataCategories, String storageCountry) {

	public static PolicyTerms of(PolicyVersionPublished event) {
		return new PolicyTerms(event.version(), event.effectiveAt(), event.implicitAcceptanceDays(), event.purposes(),
				event.dataCategories(), event.storageCountry());
	}

	/**
	 * AITU 1.6: continued use for the period after the version takes effect counts as
	 * acceptance.
	 */
	public Instant implicitAcceptanceFrom() {
		return this.effectiveAt.plus(Duration.ofDays(this.implicitAcceptanceDays));
	}

}
