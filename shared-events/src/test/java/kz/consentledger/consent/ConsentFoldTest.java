package kz.consentledger.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.GrantedBy;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import kz.consentledger.events.Refusal;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.replay.ConsentReplay;
import kz.consentledger.replay.ConsentState;
import kz.consentledger.replay.PositionedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: a story's answers do not depend on the order its events arrive in. Stories of
 * every subject event type, with distinct business times, are fed in sampled permutations
 * (the ledger position is the arrival order); the fold, and the as-of state at any
 * instant, are the same every time.
 */
class ConsentFoldTest {

	private static final Instant START = Instant.parse("2026-02-01T04:00:00Z");

	private static final List<String> PURPOSES = List.of("service-provision", "marketing", "analytics");

	@Test
	void theSameStoryInAnyArrivalOrderGivesTheSameAnswers() {
		Random random = new Random(28);
		Set<String> statusesSeen = new HashSet<>();
		for (int story = 0; story < 300; story++) {
			List<SubjectEvent> events = story(random);
			ConsentState reference = null;
			ConsentState referenceEarlier = null;
			Instant now = START.plus(400, ChronoUnit.DAYS);
			Instant earlier = START.plus(random.nextInt(60), ChronoUnit.DAYS);
			for (int permutation = 0; permutation < 8; permutation++) {
				List<SubjectEvent> arrival = new ArrayList<>(events);
				Collections.shuffle(arrival, random);
				List<PositionedEvent> positioned = new ArrayList<>();
				for (int position = 0; position < arrival.size(); position++) {
					positioned.add(new PositionedEvent(position, arrival.get(position)));
				}
				ConsentState state = ConsentReplay.stateAt("123456789012", "s", positioned, now, now);
				ConsentState atEarlier = ConsentReplay.stateAt("123456789012", "s", positioned, earlier, now);
				if (reference == null) {
					reference = state;
					referenceEarlier = atEarlier;
				}
				assertThat(state).as("story %d permutation %d", story, permutation).isEqualTo(reference);
				assertThat(atEarlier).as("story %d permutation %d", story, permutation).isEqualTo(referenceEarlier);
			}
			reference.purposes().forEach((purpose) -> statusesSeen.add(purpose.status()));
		}
		assertThat(statusesSeen).contains("active", "withdrawn", "expired");
	}

	/**
	 * The example of issue 28: a withdrawal dated 5 March that arrives before its grant
	 * of 1 February.
	 */
	@Test
	void aWithdrawalThatArrivesBeforeItsGrantStillWithdrawsIt() {
		ConsentGranted grant = grant("marketing", Instant.parse("2026-02-01T09:00:00Z"), null, "g");
		var withdrawal = ConsentHistoryTest.withdrawal(Instant.parse("2026-03-05T09:00:00Z"), List.of("marketing"), 7);
		ConsentFold fold = ConsentFold.of(List.of(new PositionedEvent(1, withdrawal), new PositionedEvent(2, grant)));
		assertThat(fold.purposes().get("marketing").status()).isEqualTo("withdrawn");
		assertThat(fold.purposes().get("marketing").withdrawnAt()).isEqualTo(Instant.parse("2026-03-05T09:00:00Z"));
	}

	/**
	 * A re-judgment counts from when the ledger made it: "as known at" before it, the old
	 * verdict stands.
	 */
	@Test
	void aRejudgmentReplacesTheVerdictFromItsReceiptOn() {
		Provenance judged = new Provenance("urn:p", "d1", START.plus(3, ChronoUnit.DAYS),
				START.plus(3, ChronoUnit.DAYS));
		DataShared shared = new DataShared("123456789012", "s", new Recipient("r", "R", "partner", "KZ"), "marketing",
				List.of("email"), "consent", null, "violation", List.of("no consent"), null, judged);
		Instant revisedAt = START.plus(5, ChronoUnit.DAYS);
		JudgmentRevised revised = new JudgmentRevised("123456789012", "s", "urn:p", "d1", "data-shared", "ok",
				List.of("covered"), null, "late grant",
				new Provenance("urn:consent-ledger:judgments", "r1", judged.occurredAt(), revisedAt));
		List<PositionedEvent> events = List.of(new PositionedEvent(1, shared), new PositionedEvent(2, revised));
		Instant later = START.plus(10, ChronoUnit.DAYS);
		assertThat(ConsentFold.of(events, later, later).violations()).isZero();
		assertThat(ConsentFold.of(events, later, revisedAt.minusSeconds(1)).violations()).isOne();
		assertThat(ConsentFold.of(events).judgmentOf(judged).orElseThrow().revisedBy()).isEqualTo(revised.provenance());
	}

	private static List<SubjectEvent> story(Random random) {
		List<SubjectEvent> events = new ArrayList<>();
		Set<Instant> used = new HashSet<>();
		int count = 1 + random.nextInt(14);
		for (int i = 0; i < count; i++) {
			Instant at = distinct(random, used);
			String purpose = PURPOSES.get(random.nextInt(PURPOSES.size()));
			String id = "e" + i;
			switch (random.nextInt(6)) {
				case 0, 1 -> events.add(grant(purpose, at, random.nextInt(4) == 0 ? distinct(random, used) : null, id));
				case 2 -> events
					.add(ConsentHistoryTest.withdrawal(at, random.nextInt(3) == 0 ? List.of() : List.of(purpose), i));
				case 3 -> events.add(new ConsentWithdrawalRefused("123456789012", "s", List.of(purpose), "paper", null,
						new Refusal("legal-obligation", null, "ref"), provenance(at, id)));
				case 4 -> events.add(new PolicyAccepted("123456789012", "s", "v" + random.nextInt(3), "explicit",
						"valid", List.of(), provenance(at, id)));
				default -> events.add(new DataShared("123456789012", "s", new Recipient("r", "R", "partner", "KZ"),
						purpose, List.of("email"), "consent", null, random.nextBoolean() ? "ok" : "violation",
						List.of(), null, provenance(at, id)));
			}
		}
		return events;
	}

	private static Instant distinct(Random random, Set<Instant> used) {
		Instant at;
		do {
			at = START.plus(random.nextInt(90 * 24), ChronoUnit.HOURS);
		}
		while (!used.add(at));
		return at;
	}

	private static ConsentGranted grant(String purpose, Instant at, Instant expiresAt, String id) {
		return new ConsentGranted("123456789012", "s", "v1", List.of(purpose), List.of("email"), List.of(), List.of(),
				new GrantedBy("subject", null, null), "web", null, "ru", expiresAt, List.of(), provenance(at, id));
	}

	private static Provenance provenance(Instant at, String id) {
		return new Provenance("urn:story", id, at, at);
	}

}
