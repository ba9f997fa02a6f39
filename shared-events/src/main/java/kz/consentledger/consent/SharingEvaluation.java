package kz.consentledger.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import kz.consentledger.events.Recipient;

/**
 * Judges a disclosure made on the basis of consent against the consent to its purpose in
 * force at its business time ({@link ConsentHistory}) (contract, "What the ledger does"):
 * the purpose, every category, the recipient where the consent names recipients, and the
 * country where it differs from the operator's storage country. A consent that would
 * cover it but whose purpose was withdrawn makes it a late stop inside the 15-working-day
 * window and a violation after it.
 */
public final class SharingEvaluation {

	/**
	 * Law 94-V Art. 12: personal data of Kazakhstan's citizens is stored in Kazakhstan by
	 * default.
	 */
	static final String DEFAULT_STORAGE_COUNTRY = "KZ";

	private final ConsentHistory history;

	private final Function<String, Optional<PolicyTerms>> policyTerms;

	public SharingEvaluation(ConsentHistory history, Function<String, Optional<PolicyTerms>> policyTerms) {
		this.history = history;
		this.policyTerms = policyTerms;
	}

	public SharingVerdict judge(Instant time, String purpose, List<String> categories, Recipient recipient) {
		return judge(time, Integer.MAX_VALUE, purpose, categories, recipient);
	}

	/**
	 * As at the disclosure's place {@code before} in the subject's stream: a grant or
	 * withdrawal of the same instant recorded after it comes after it in the fold.
	 */
	public SharingVerdict judge(Instant time, int before, String purpose, List<String> categories,
			Recipient recipient) {
		Optional<ConsentHistory.Consent> inForce = this.history.inForce(time, before, purpose);
		if (inForce.isEmpty()) {
			return new SharingVerdict(SharingVerdict.VIOLATION,
					List.of("no consent to purpose " + purpose + " was in force at " + time), null);
		}
		ConsentHistory.Consent consent = inForce.get();
		List<String> gaps = gaps(consent.terms(), categories, recipient);
		WithdrawalRecord withdrawal = consent.endedBy();
		if (gaps.isEmpty() && withdrawal == null) {
			return new SharingVerdict(SharingVerdict.OK, List.of("covered by the consent granted at "
					+ consent.grantedAt() + " under policy " + consent.terms().policyVersion()), null);
		}
		LocalDate sharedOn = LocalDate.ofInstant(time, KazakhstanCalendar.ZONE);
		if (gaps.isEmpty() && !sharedOn.isAfter(withdrawal.stopDueBy())) {
			return new SharingVerdict(SharingVerdict.LATE_STOP, List
				.of(withdrawnReason(purpose, withdrawal) + "; processing must stop by " + withdrawal.stopDueBy()),
					withdrawal.stopDueBy());
		}
		List<String> reasons = new ArrayList<>();
		if (withdrawal != null) {
			reasons.add(withdrawnReason(purpose, withdrawal) + "; the stop was due by " + withdrawal.stopDueBy());
		}
		reasons.addAll(gaps);
		return new SharingVerdict(SharingVerdict.VIOLATION, List.copyOf(reasons),
				(withdrawal != null) ? withdrawal.stopDueBy() : null);
	}

	private List<String> gaps(GrantTerms terms, List<String> categories, Recipient recipient) {
		List<String> gaps = new ArrayList<>();
		for (String category : categories) {
			if (!terms.dataCategories().contains(category)) {
				gaps.add("category " + category + " is not covered by the consent");
			}
		}
		if (!terms.recipients().isEmpty()
				&& terms.recipients().stream().noneMatch((named) -> named.id().equals(recipient.id()))) {
			gaps.add("recipient " + recipient.id() + " is not named in the consent");
		}
		String storageCountry = this.policyTerms.apply(terms.policyVersion())
			.map(PolicyTerms::storageCountry)
			.orElse(DEFAULT_STORAGE_COUNTRY);
		if (!storageCountry.equals(recipient.country())
				&& !terms.crossBorderCountries().contains(recipient.country())) {
			gaps.add("cross-border transfer to " + recipient.country() + " is not covered (data is stored in "
					+ storageCountry + ")");
		}
		return gaps;
	}

	private static String withdrawnReason(String purpose, WithdrawalRecord withdrawal) {
		return "consent to purpose " + purpose + " was withdrawn at " + withdrawal.withdrawnAt();
	}

}
