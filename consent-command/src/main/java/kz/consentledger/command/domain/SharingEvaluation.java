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

	private final List<GrantRecord> grants;

	private final List<WithdrawalRecord> withdrawals;

	private final Function<String, Optional<PolicyTerms>> policyTerms;

	SharingEvaluation(List<GrantRecord> grants, List<WithdrawalRecord> withdrawals,
			Function<String, Optional<PolicyTerms>> policyTerms) {
		this.grants = grants;
		this.withdrawals = withdrawals;
		this.policyTerms = policyTerms;
	}

	/**
	 * The consents in force are ranked by fewest gaps, then latest grant, then recording
	 * order; one pass keeps the best of each kind instead of sorting them all, since a
	 * busy subject has thousands in force.
	 */
	SharingVerdict judge(Instant time, String purpose, List<String> categories, Recipient recipient) {
		List<GrantRecord> inForce = this.grants.stream().filter((grant) -> grant.inForceAt(time, purpose)).toList();
		if (inForce.isEmpty()) {
			return new SharingVerdict(SharingVerdict.VIOLATION,
					List.of("no consent to purpose " + purpose + " was in force at " + time), null);
		}
		List<WithdrawalRecord> ending = WithdrawalRecord.ending(inForce, this.withdrawals, purpose, time);
		LocalDate sharedOn = LocalDate.ofInstant(time, KazakhstanCalendar.ZONE);
		Map<String, String> storageCountries = new HashMap<>();
		Candidate covering = null;
		Candidate lateStop = null;
		Candidate closest = null;
		for (int i = 0; i < inForce.size(); i++) {
			Candidate candidate = candidate(inForce.get(i), ending.get(i), categories, recipient, storageCountries);
			if (candidate.gaps().isEmpty() && candidate.withdrawal() == null) {
				covering = candidate.before(covering) ? candidate : covering;
			}
			else if (candidate.gaps().isEmpty() && !sharedOn.isAfter(candidate.withdrawal().stopDueBy())) {
				lateStop = candidate.before(lateStop) ? candidate : lateStop;
			}
			closest = candidate.before(closest) ? candidate : closest;
		}
		if (covering != null) {
			return new SharingVerdict(SharingVerdict.OK, List.of("covered by the consent granted at "
					+ covering.grant().grantedAt() + " under policy " + covering.grant().policyVersion()), null);
		}
		if (lateStop != null) {
			WithdrawalRecord withdrawal = lateStop.withdrawal();
			return new SharingVerdict(SharingVerdict.LATE_STOP, List
				.of(withdrawnReason(purpose, withdrawal) + "; processing must stop by " + withdrawal.stopDueBy()),
					withdrawal.stopDueBy());
		}
		List<String> reasons = new ArrayList<>();
		if (closest.withdrawal() != null) {
			reasons.add(withdrawnReason(purpose, closest.withdrawal()) + "; the stop was due by "
					+ closest.withdrawal().stopDueBy());
		}
		reasons.addAll(closest.gaps());
		return new SharingVerdict(SharingVerdict.VIOLATION, List.copyOf(reasons),
				(closest.withdrawal() != null) ? closest.withdrawal().stopDueBy() : null);
	}

	private Candidate candidate(GrantRecord grant, WithdrawalRecord withdrawal, List<String> categories,
			Recipient recipient, Map<String, String> storageCountries) {
		List<String> gaps = new ArrayList<>();
		for (String category : categories) {
			if (!grant.dataCategories().contains(category)) {
				gaps.add("category " + category + " is not covered by the consent");
			}
		}
		if (!grant.recipients().isEmpty()
				&& grant.recipients().stream().noneMatch((named) -> named.id().equals(recipient.id()))) {
			gaps.add("recipient " + recipient.id() + " is not named in the consent");
		}
		String storageCountry = storageCountries.computeIfAbsent(grant.policyVersion(),
				(version) -> this.policyTerms.apply(version)
					.map(PolicyTerms::storageCountry)
					.orElse(DEFAULT_STORAGE_COUNTRY));
		if (!storageCountry.equals(recipient.country())
				&& !grant.crossBorderCountries().contains(recipient.country())) {
			gaps.add("cross-border transfer to " + recipient.country() + " is not covered (data is stored in "
					+ storageCountry + ")");
		}
		return new Candidate(grant, gaps, withdrawal);
	}

	private static String withdrawnReason(String purpose, WithdrawalRecord withdrawal) {
		return "consent to purpose " + purpose + " was withdrawn at " + withdrawal.withdrawnAt();
	}

	private record Candidate(GrantRecord grant, List<String> gaps, WithdrawalRecord withdrawal) {

		/**
		 * Ranks before {@code other} (null: nothing yet); on a tie the one seen first
		 * stays.
		 */
		boolean before(Candidate other) {
			if (other == null) {
				return true;
			}
			if (this.gaps.size() != other.gaps.size()) {
				return this.gaps.size() < other.gaps.size();
			}
			return this.grant.grantedAt().isAfter(other.grant.grantedAt());
		}

	}

}
