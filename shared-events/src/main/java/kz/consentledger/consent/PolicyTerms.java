package kz.consentledger.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import kz.consentledger.events.PolicyVersionPublished;

/**
 * What the rest of the domain needs to know about one published policy version.
 * {@code retention} is its rule for keeping data once processing ends.
 */
public record PolicyTerms(String version, Instant effectiveAt, int implicitAcceptanceDays, List<String> purposes,
		List<String> dataCategories, String storageCountry, Retention retention) {

	/** Terms that state no retention. */
	public PolicyTerms(String version, Instant effectiveAt, int implicitAcceptanceDays, List<String> purposes,
			List<String> dataCategories, String storageCountry) {
		this(version, effectiveAt, implicitAcceptanceDays, purposes, dataCategories, storageCountry, Retention.NONE);
	}

	public static PolicyTerms of(PolicyVersionPublished event) {
		return new PolicyTerms(event.version(), event.effectiveAt(), event.implicitAcceptanceDays(), event.purposes(),
				event.dataCategories(), event.storageCountry(), new Retention(event.retentionYearsAfterAgreementEnd(),
						Boolean.TRUE.equals(event.retentionUntilPurposeReached())));
	}

	/**
	 * AITU 1.6: continued use for the period after the version takes effect counts as
	 * acceptance.
	 */
	public Instant implicitAcceptanceFrom() {
		return this.effectiveAt.plus(Duration.ofDays(this.implicitAcceptanceDays));
	}

	/**
	 * How long data is kept once processing ends: {@code yearsAfterAgreementEnd} whole
	 * years after the user agreement ends (AITU 2.5), or {@code untilPurposeReached}
	 * (Momu 1.4), or neither (IPSM states none).
	 */
	public record Retention(Integer yearsAfterAgreementEnd, boolean untilPurposeReached) {

		public static final Retention NONE = new Retention(null, false);

		/** The rule in words, as the ledger records it beside a destroy-by date. */
		public String rule() {
			if (this.yearsAfterAgreementEnd != null) {
				return this.yearsAfterAgreementEnd + " years after the agreement ends";
			}
			return this.untilPurposeReached ? "until the purpose is reached" : "no rule";
		}

	}

}
