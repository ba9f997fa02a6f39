package kz.consentledger.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.GrantedBy;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import kz.consentledger.replay.PositionedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side's index against the one rule: for random histories recorded out of
 * time order and at equal instants, the consent {@link ConsentHistory} finds in force is
 * the one {@link ConsentFold} leaves, and a disclosure's verdict follows from it.
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
	 * Short histories are indexed when judged, long ones keep their index and add to it;
	 * disclosures fall before, inside and after the 15 working days a withdrawal leaves.
	 */
	@Test
	void findsInForceWhatTheFoldLeavesAndJudgesByIt() {
		Random random = new Random(20261122);
		Map<String, Integer> outcomes = new HashMap<>();
		int indexed = 0;
		for (int round = 0; round < 2000; round++) {
			List<PositionedEvent> events = new ArrayList<>();
			ConsentHistory history = new ConsentHistory();
			int count = random.nextInt(3 * ConsentHistory.INDEXED_FROM);
			indexed += (count > ConsentHistory.INDEXED_FROM) ? 1 : 0;
			for (int position = 0; position < count; position++) {
				if (random.nextInt(3) > 0) {
					ConsentGranted grant = randomGrant(random, position);
					events.add(new PositionedEvent(position, grant));
					history.grant(grant.provenance().occurredAt(), position, grant.purposes(), GrantTerms.of(grant));
				}
				else {
					// One in five names no purpose: every purpose held at its time.
					ConsentWithdrawn withdrawal = withdrawal(day(random),
							(random.nextInt(5) == 0) ? List.of() : somePurposes(random), position);
					events.add(new PositionedEvent(position, withdrawal));
					history.withdraw(new WithdrawalRecord(withdrawal.provenance().occurredAt(), withdrawal.purposes(),
							withdrawal.stopDueBy()), position);
				}
			}
			Instant time = day(random);
			String purpose = PURPOSES.get(random.nextInt(PURPOSES.size()));
			List<String> categories = someOf(random, CATEGORIES);
			Recipient recipient = RECIPIENTS.get(random.nextInt(RECIPIENTS.size()));
			ConsentFold fold = ConsentFold.of(events, time, Instant.MAX);

			SharingVerdict verdict = new SharingEvaluation(history,
					(version) -> Optional.ofNullable(POLICIES.get(version)))
				.judge(time, purpose, categories, recipient);

			assertThat(verdict).as("round %d", round)
				.isEqualTo(definition(fold.purposes().get(purpose), time, purpose, categories, recipient));
			// A disclosure recorded at a place in the stream: facts of its instant
			// recorded
			// after it come after it in the fold.
			int before = random.nextInt(count + 1);
			List<PositionedEvent> beforeIt = events.stream()
				.filter((e) -> e.event().provenance().occurredAt().isBefore(time)
						|| (e.event().provenance().occurredAt().equals(time) && e.position() < before))
				.toList();
			assertThat(new SharingEvaluation(history, (version) -> Optional.ofNullable(POLICIES.get(version)))
				.judge(time, before, purpose, categories, recipient)).as("round %d, before %d", round, before)
				.isEqualTo(definition(ConsentFold.of(beforeIt).purposes().get(purpose), time, purpose, categories,
						recipient));
			Set<String> inForce = new HashSet<>();
			fold.purposes().values().stream().filter((p) -> p.inForceAt(time)).forEach((p) -> inForce.add(p.purpose()));
			assertThat(history.purposesInForceAt(time)).as("round %d", round)
				.containsExactlyInAnyOrderElementsOf(inForce);
			outcomes.merge(verdict.outcome() + (verdict.stopDueBy() != null ? " after a withdrawal" : ""), 1,
					Integer::sum);
		}
		// Every kind of verdict, many times over.
		assertThat(outcomes).containsOnlyKeys("ok", "late-stop after a withdrawal", "violation",
				"violation after a withdrawal");
		assertThat(outcomes.values()).allMatch((n) -> n > 50);
		assertThat(indexed).isBetween(1000, 1500);
	}

	/** The verdict the purpose's state at the time calls for. */
	private static SharingVerdict definition(PurposeConsent consent, Instant time, String purpose,
			List<String> categories, Recipient recipient) {
		if (consent == null || (consent.expiresAt() != null && !time.isBefore(consent.expiresAt()))) {
			return new SharingVerdict("violation",
					List.of("no consent to purpose " + purpose + " was in force at " + time), null);
		}
		List<String> gaps = gaps(consent, categories, recipient);
		boolean withdrawn = PurposeConsent.WITHDRAWN.equals(consent.status());
		if (gaps.isEmpty() && !withdrawn) {
			return new SharingVerdict("ok", List.of("covered by the consent granted at " + consent.grantedAt()
					+ " under policy " + consent.policyVersion()), null);
		}
		String withdrawnReason = "consent to purpose " + purpose + " was withdrawn at " + consent.withdrawnAt();
		if (gaps.isEmpty() && !LocalDate.ofInstant(time, KazakhstanCalendar.ZONE).isAfter(consent.stopDueBy())) {
			return new SharingVerdict("late-stop",
					List.of(withdrawnReason + "; processing must stop by " + consent.stopDueBy()), consent.stopDueBy());
		}
		List<String> reasons = new ArrayList<>();
		if (withdrawn) {
			reasons.add(withdrawnReason + "; the stop was due by " + consent.stopDueBy());
		}
		reasons.addAll(gaps);
		return new SharingVerdict("violation", reasons, withdrawn ? consent.stopDueBy() : null);
	}

	private static List<String> gaps(PurposeConsent consent, List<String> categories, Recipient recipient) {
		List<String> gaps = new ArrayList<>();
		categories.stream()
			.filter((category) -> !consent.dataCategories().contains(category))
			.forEach((category) -> gaps.add("category " + category + " is not covered by the consent"));
		if (!consent.recipients().isEmpty()
				&& consent.recipients().stream().map(Recipient::id).noneMatch(recipient.id()::equals)) {
			gaps.add("recipient " + recipient.id() + " is not named in the consent");
		}
		String stored = Optional.ofNullable(POLICIES.get(consent.policyVersion()))
			.map(PolicyTerms::storageCountry)
			.orElse("KZ");
		if (!stored.equals(recipient.country()) && !consent.crossBorderCountries().contains(recipient.country())) {
			gaps.add("cross-border transfer to " + recipient.country() + " is not covered (data is stored in " + stored
					+ ")");
		}
		return gaps;
	}

	private static ConsentGranted randomGrant(Random random, int position) {
		List<Recipient> recipients = (random.nextInt(3) == 0) ? List.of(RECIPIENTS.get(random.nextInt(2))) : List.of();
		List<String> crossBorder = (random.nextInt(4) == 0) ? List.of("DE") : List.of();
		String version = List.of("v1", "v1", "v2", "unpublished").get(random.nextInt(4));
		Instant expiresAt = (random.nextInt(4) == 0) ? day(random) : null;
		return new ConsentGranted("123456789012", "subject", version, somePurposes(random), someOf(random, CATEGORIES),
				recipients, crossBorder, new GrantedBy("subject", null, null), "web", null, "kk", expiresAt, List.of(),
				provenance(day(random), position));
	}

	static ConsentWithdrawn withdrawal(Instant at, List<String> purposes, int position) {
		return new ConsentWithdrawn("123456789012", "subject", purposes, "web", null,
				KazakhstanCalendar.standard().addWorkingDays(LocalDate.ofInstant(at, KazakhstanCalendar.ZONE), 15),
				KazakhstanCalendar.standard().version(), false, provenance(at, position));
	}

	private static Provenance provenance(Instant at, int position) {
		return new Provenance("urn:test", "event-" + position, at, START);
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

}
