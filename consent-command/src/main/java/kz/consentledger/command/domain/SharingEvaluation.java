package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import kz.consentledger.events.Recipient;

/**
 * Judges a disclosure made on the basis of consent against the consents in force at its
 * business time (contract, "What the ledger does"): the purpose, every category, the
 * recipient where the consent names recipients, and the country where it differs from the
 * operator's storage country. A consent that would cover it but whose purpose was
 * withdrawn makes it a late stop inside the 15-working-day window and a violation after
 * it.
 */
final class SharingEvaluation {

	/**
	 * Law 94-V Art. 12: personal data of Kazakhstan's citizens is stored in Kazakhstan by
	 * default.
	 */
	static final String DEFAULT_STORAGE_COUNTRY = "KZ";

	private final ConsentHistory history;

	private final Function<String, Optional<PolicyTerms>> policyTerms;

	SharingEvaluation(ConsentHistory history, Function<String, Optional<PolicyTerms>> policyTerms) {
		this.history = history;
		this.policyTerms = policyTerms;
	}

	/**
	 * The consents in force are ranked by fewest gaps, then latest grant, then recording
	 * order; one pass keeps the best of each kind instead of sorting them all.
	 */
	SharingVerdict judge(Instant time, String purpose, List<String> categories, Recipient recipient) {
		List<ConsentHistory.Consent> inForce = this.history.inForce(time, purpose);
		if (inForce.isEmpty()) {
			return new SharingVerdict(SharingVerdict.VIOLATION,
					List.of("no consent to purpose " + purpose + " was in force at " + time), null);
		}
		LocalDate sharedOn = LocalDate.ofInstant(time, KazakhstanCalendar.ZONE);
		Map<String, String> storageCountries = new HashMap<>();
		Candidate covering = null;
		Candidate lateStop = null;
		Candidate closest = null;
		for (ConsentHistory.Consent consent : inForce) {
			Candidate candidate = new Candidate(consent,
					gaps(consent.terms(), categories, recipient, storageCountries));
			WithdrawalRecord withdrawal = consent.endedBy();
			if (candidate.gaps().isEmpty() && withdrawal == null) {
				covering = candidate.before(covering) ? candidate : covering;
			}
			else if (candidate.gaps().isEmpty() && !sharedOn.isAfter(withdrawal.stopDueBy())) {
				lateStop = candidate.before(lateStop) ? candidate : lateStop;
			}
			closest = candidate.before(closest) ? candidate : closest;
		}
		if (covering != null) {
			return new SharingVerdict(SharingVerdict.OK, List.of("covered by the consent granted at "
					+ covering.consent().grantedAt() + " under policy " + covering.consent().terms().policyVersion()),
					null);
		}
		if (lateStop != null) {
			WithdrawalRecord withdrawal = lateStop.consent().endedBy();
			return new SharingVerdict(SharingVerdict.LATE_STOP, List
				.of(withdrawnReason(purpose, withdrawal) + "; processing must stop by " + withdrawal.stopDueBy()),
					withdrawal.stopDueBy());
		}
		WithdrawalRecord withdrawal = closest.consent().endedBy();
		List<String> reasons = new ArrayList<>();
		if (withdrawal != null) {
			reasons.add(withdrawnReason(purpose, withdrawal) + "; the stop was due by " + withdrawal.stopDueBy());
		}
		reasons.addAll(closest.gaps());
		return new SharingVerdict(SharingVerdict.VIOLATION, List.copyOf(reasons),
				(withdrawal != null) ? withdrawal.stopDueBy() : null);
	}

	private List<String> gaps(GrantTerms terms, List<String> categories, Recipient recipient,
			Map<String, String> storageCountries) {
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
		String storageCountry = storageCountries.computeIfAbsent(terms.policyVersion(),
				(version) -> this.policyTerms.apply(version)
					.map(PolicyTerms::storageCountry)
					.orElse(DEFAULT_STORAGE_COUNTRY));
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

	private record Candidate(ConsentHistory.Consent consent, List<String> gaps) {

		/**
		 * Ranks before {@code other} (null: nothing yet): fewer gaps, then the later
		 * grant, then the first recorded.
		 */
		boolean before(Candidate other) {
			if (other == null) {
				return true;
			}
			if (this.gaps.size() != other.gaps.size()) {
				return this.gaps.size() < other.gaps.size();
			}
			int byTime = this.consent.grantedAt().compareTo(other.consent.grantedAt());
			return (byTime != 0) ? byTime > 0 : this.consent.recorded() < other.consent.recorded();
		}

	}

}
