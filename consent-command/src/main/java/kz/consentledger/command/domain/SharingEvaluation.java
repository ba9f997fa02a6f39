package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

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

	SharingVerdict judge(Instant time, String purpose, List<String> categories, Recipient recipient) {
		List<GrantRecord> inForce = this.grants.stream().filter((grant) -> grant.inForceAt(time, purpose)).toList();
		List<WithdrawalRecord> ending = WithdrawalRecord.ending(inForce, this.withdrawals, purpose, time);
		Map<String, String> storageCountries = new HashMap<>();
		List<Candidate> candidates = IntStream.range(0, inForce.size())
			.mapToObj((i) -> candidate(inForce.get(i), ending.get(i), categories, recipient, storageCountries))
			.sorted(Comparator.comparingInt((Candidate c) -> c.gaps().size())
				.thenComparing((Candidate c) -> c.grant().grantedAt(), Comparator.reverseOrder()))
			.toList();
		for (Candidate candidate : candidates) {
			if (candidate.gaps().isEmpty() && candidate.withdrawal() == null) {
				return new SharingVerdict(SharingVerdict.OK, List.of("covered by the consent granted at "
						+ candidate.grant().grantedAt() + " under policy " + candidate.grant().policyVersion()), null);
			}
		}
		LocalDate sharedOn = LocalDate.ofInstant(time, KazakhstanCalendar.ZONE);
		for (Candidate candidate : candidates) {
			WithdrawalRecord withdrawal = candidate.withdrawal();
			if (candidate.gaps().isEmpty() && !sharedOn.isAfter(withdrawal.stopDueBy())) {
				return new SharingVerdict(SharingVerdict.LATE_STOP, List
					.of(withdrawnReason(purpose, withdrawal) + "; processing must stop by " + withdrawal.stopDueBy()),
						withdrawal.stopDueBy());
			}
		}
		if (candidates.isEmpty()) {
			return new SharingVerdict(SharingVerdict.VIOLATION,
					List.of("no consent to purpose " + purpose + " was in force at " + time), null);
		}
		Candidate closest = candidates.get(0);
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
	}

}
