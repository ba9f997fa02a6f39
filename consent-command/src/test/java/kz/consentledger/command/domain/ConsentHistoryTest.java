package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import kz.consentledger.events.Recipient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed history against the rule written out plainly: every grant in force is
 * weighed, each with the first recorded withdrawal of the purpose between its grant and
 * the disclosure, and the verdict names the best by fewest gaps, latest grant and
 * recording order.
 */
class ConsentHistoryTest {

	private static final Instant START = Instant.parse("2026-01-05T03:00:00Z");

	private static final List<String> PURPOSES = List.of("service-provision", "marketing", "notifications");

	private static final List<String> CATEGORIES = List.of("email", "phone", "cookies");

	private static final List<Recipient> RECIPIENTS = List.of(
			new Recipient("ibro-films-group", "Ibro films group", "affiliate", "KZ"),
			new Recipient("adnet-eu", "Advertising network", "partner", "DE"));

	private static final Map<String, PolicyTerms> POLICIES = Map.of("v1",
			new PolicyTerms("v1", START, 7, PURPOSES, CATEGORIES, "KZ"), "v2",
			new PolicyTerms("v2", START, 7, PURPOSES, CATEGORIES, "DE"));

	/**
	 * Random histories: grants and withdrawals recorded out of time order and at equal
	 * instants, expiring grants, an unpublished policy version, and disclosures before,
	 * inside and after the 15 working days a withdrawal leaves. Short ones are indexed
	 * when judged, long ones keep their index and add to it.
	 */
	@Test
	void judgesEveryDisclosureAsTheRuleWrittenOutPlainly() {
		Random random = new Random(20261122);
		Map<String, Integer> outcomes = new HashMap<>();
		int indexed = 0;
		for (int round = 0; round < 2000; round++) {
			List<Grant> grants = new ArrayList<>();
			List<WithdrawalRecord> withdrawals = new ArrayList<>();
			ConsentHistory history = new ConsentHistory();
			int events = random.nextInt(3 * ConsentHistory.INDEXED_FROM);
			indexed += (events > ConsentHistory.INDEXED_FROM) ? 1 : 0;
			for (int i = events; i > 0; i--) {
				if (random.nextInt(3) > 0) {
					Grant grant = randomGrant(random);
					grants.add(grant);
					history.grant(grant.grantedAt(), grant.purposes(), grant.terms());
				}
				else {
					Instant at = day(random);
					WithdrawalRecord withdrawal = new WithdrawalRecord(at, somePurposes(random),
							KazakhstanCalendar.addWorkingDays(LocalDate.ofInstant(at, KazakhstanCalendar.ZONE),
									SubjectConsent.STOP_WORKING_DAYS));
					withdrawals.add(withdrawal);
					history.withdraw(withdrawal);
				}
			}
			Instant time = day(random);
			String purpose = PURPOSES.get(random.nextInt(PURPOSES.size()));
			List<String> categories = someOf(random, CATEGORIES);
			Recipient recipient = RECIPIENTS.get(random.nextInt(RECIPIENTS.size()));

			SharingVerdict verdict = new SharingEvaluation(history,
					(version) -> Optional.ofNullable(POLICIES.get(version)))
				.judge(time, purpose, categories, recipient);

			assertThat(verdict).as("round %d", round)
				.isEqualTo(definition(grants, withdrawals, time, purpose, categories, recipient));
			assertThat(history.purposesInForceAt(time)).as("round %d", round)
				.isEqualTo(purposesInForce(grants, withdrawals, time));
			outcomes.merge(verdict.outcome() + (verdict.stopDueBy() != null ? " after a withdrawal" : ""), 1,
					Integer::sum);
		}
		// Every kind of verdict, many times over.
		assertThat(outcomes).containsOnlyKeys("ok", "late-stop after a withdrawal", "violation",
				"violation after a withdrawal");
		assertThat(outcomes.values()).allMatch((count) -> count > 100);
		assertThat(indexed).isBetween(1000, 1500);
	}

	private static SharingVerdict definition(List<Grant> grants, List<WithdrawalRecord> withdrawals, Instant time,
			String purpose, List<String> categories, Recipient recipient) {
		List<Weighed> weighed = new ArrayList<>();
		for (int i = 0; i < grants.size(); i++) {
			Grant grant = grants.get(i);
			if (grant.inForceAt(time, purpose)) {
				weighed.add(new Weighed(grant, i, endedBy(grant, withdrawals, time, purpose),
						gaps(grant.terms(), categories, recipient)));
			}
		}
		if (weighed.isEmpty()) {
			return new SharingVerdict("violation",
					List.of("no consent to purpose " + purpose + " was in force at " + time), null);
		}
		Comparator<Weighed> ranking = Comparator.comparingInt((Weighed w) -> w.gaps().size())
			.thenComparing((Weighed w) -> w.grant().grantedAt(), Comparator.reverseOrder())
			.thenComparingInt(Weighed::recorded);
		LocalDate sharedOn = LocalDate.ofInstant(time, KazakhstanCalendar.ZONE);
		Optional<Weighed> covering = weighed.stream()
			.filter((w) -> w.gaps().isEmpty() && w.endedBy() == null)
			.min(ranking);
		if (covering.isPresent()) {
			return new SharingVerdict("ok",
					List.of("covered by the consent granted at " + covering.get().grant().grantedAt() + " under policy "
							+ covering.get().grant().terms().policyVersion()),
					null);
		}
		Optional<Weighed> lateStop = weighed.stream()
			.filter((w) -> w.gaps().isEmpty() && w.endedBy() != null && !sharedOn.isAfter(w.endedBy().stopDueBy()))
			.min(ranking);
		if (lateStop.isPresent()) {
			WithdrawalRecord withdrawal = lateStop.get().endedBy();
			return new SharingVerdict(
					"late-stop", List.of("consent to purpose " + purpose + " was withdrawn at "
							+ withdrawal.withdrawnAt() + "; processing must stop by " + withdrawal.stopDueBy()),
					withdrawal.stopDueBy());
		}
		Weighed closest = weighed.stream().min(ranking).orElseThrow();
		List<String> reasons = new ArrayList<>();
		if (closest.endedBy() != null) {
			reasons.add("consent to purpose " + purpose + " was withdrawn at " + closest.endedBy().withdrawnAt()
					+ "; the stop was due by " + closest.endedBy().stopDueBy());
		}
		reasons.addAll(closest.gaps());
		return new SharingVerdict("violation", reasons,
				(closest.endedBy() != null) ? closest.endedBy().stopDueBy() : null);
	}

	/**
	 * The purposes, in the order grants first named them, that a grant in force holds
	 * open.
	 */
	private static List<String> purposesInForce(List<Grant> grants, List<WithdrawalRecord> withdrawals, Instant time) {
		return grants.stream()
			.flatMap((grant) -> grant.purposes().stream())
			.distinct()
			.filter((purpose) -> grants.stream()
				.anyMatch((grant) -> grant.inForceAt(time, purpose)
						&& endedBy(grant, withdrawals, time, purpose) == null))
			.toList();
	}

	/** The first recorded withdrawal of the purpose between the grant and the time. */
	private static WithdrawalRecord endedBy(Grant grant, List<WithdrawalRecord> withdrawals, Instant time,
			String purpose) {
		return withdrawals.stream()
			.filter((w) -> w.purposes().contains(purpose) && !w.withdrawnAt().isBefore(grant.grantedAt())
					&& !w.withdrawnAt().isAfter(time))
			.findFirst()
			.orElse(null);
	}

	private static List<String> gaps(GrantTerms terms, List<String> categories, Recipient recipient) {
		List<String> gaps = new ArrayList<>();
		categories.stream()
			.filter((category) -> !terms.dataCategories().contains(category))
			.forEach((category) -> gaps.add("category " + category + " is not covered by the consent"));
		if (!terms.recipients().isEmpty()
				&& terms.recipients().stream().map(Recipient::id).noneMatch(recipient.id()::equals)) {
			gaps.add("recipient " + recipient.id() + " is not named in the consent");
		}
		String stored = Optional.ofNullable(POLICIES.get(terms.policyVersion()))
			.map(PolicyTerms::storageCountry)
			.orElse("KZ");
		if (!stored.equals(recipient.country()) && !terms.crossBorderCountries().contains(recipient.country())) {
			gaps.add("cross-border transfer to " + recipient.country() + " is not covered (data is stored in " + stored
					+ ")");
		}
		return gaps;
	}

	private static Grant randomGrant(Random random) {
		List<Recipient> recipients = (random.nextInt(3) == 0) ? List.of(RECIPIENTS.get(random.nextInt(2))) : List.of();
		List<String> crossBorder = (random.nextInt(4) == 0) ? List.of("DE") : List.of();
		String version = List.of("v1", "v1", "v2", "unpublished").get(random.nextInt(4));
		Instant expiresAt = (random.nextInt(4) == 0) ? day(random) : null;
		return new Grant(day(random), somePurposes(random),
				new GrantTerms(version, Set.copyOf(someOf(random, CATEGORIES)), recipients, crossBorder, expiresAt));
	}

	/** Days of a few weeks, so that equal instants are common and stop dates pass. */
	private static Instant day(Random random) {
		return START.plus(random.nextInt(60), ChronoUnit.DAYS);
	}

	private static List<String> somePurposes(Random random) {
		return someOf(random, PURPOSES);
	}

	private static List<String> someOf(Random random, List<String> items) {
		List<String> picked = items.stream().filter((item) -> random.nextBoolean()).toList();
		return picked.isEmpty() ? List.of(items.get(random.nextInt(items.size()))) : picked;
	}

	private record Grant(Instant grantedAt, List<String> purposes, GrantTerms terms) {

		boolean inForceAt(Instant time, String purpose) {
			return this.purposes.contains(purpose) && !this.grantedAt.isAfter(time) && this.terms.inForceAt(time);
		}

	}

	private record Weighed(Grant grant, int recorded, WithdrawalRecord endedBy, List<String> gaps) {

	}

}
