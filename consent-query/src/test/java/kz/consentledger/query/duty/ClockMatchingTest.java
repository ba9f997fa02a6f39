package kz.consentledger.query.duty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import kz.consentledger.query.duty.ClockMatching.Clock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which fact closes which clock, whatever order the facts arrive in. */
class ClockMatchingTest {

	private static final Instant DAY = Instant.parse("2026-03-02T05:00:00Z");

	@Test
	void anAnswerClosesItsRequestAndADestructionTheClockItNames() {
		Opening access = opening("r1", "access", "subject-request", "REQ-1", 0);
		Opening due = opening("d1", "destruction", "purpose-reached", null, 1);
		Map<String, String> closedBy = closedBy(List.of(access, due),
				List.of(answer("a1", "REQ-1", 2), destroyed("x1", "d1", "purpose-reached", 3)));
		assertThat(closedBy).containsEntry("r1", "a1").containsEntry("d1", "x1");
	}

	@Test
	void aDestructionNamingNoClockClosesTheOldestOpenOneWithItsTrigger() {
		Opening first = opening("w1", "withdrawal-stop", "consent-withdrawn", null, 0);
		Opening second = opening("w2", "withdrawal-stop", "consent-withdrawn", null, 1);
		Opening other = opening("p1", "retention", "agreement-ended", null, 0);
		Map<String, String> closedBy = closedBy(List.of(second, other, first),
				List.of(destroyed("x1", null, "consent-withdrawn", 5)));
		assertThat(closedBy).containsEntry("w1", "x1").containsEntry("w2", null).containsEntry("p1", null);
	}

	@Test
	void aNamedClockIsNeverTakenByADestructionNamingNone() {
		Opening first = opening("w1", "withdrawal-stop", "consent-withdrawn", null, 0);
		Opening second = opening("w2", "withdrawal-stop", "consent-withdrawn", null, 1);
		Map<String, String> closedBy = closedBy(List.of(first, second),
				List.of(destroyed("x1", null, "consent-withdrawn", 2), destroyed("x2", "w1", "consent-withdrawn", 3)));
		assertThat(closedBy).containsEntry("w1", "x2").containsEntry("w2", "x1");
	}

	@Test
	void aDestructionWaitsForTheClockItNamesAndAnAnswerForItsRequest() {
		Opening unrelated = opening("d1", "destruction", "court-order", null, 0);
		Map<String, String> closedBy = closedBy(List.of(unrelated),
				List.of(destroyed("x1", "d9", "court-order", 2), answer("a1", "REQ-9", 2)));
		assertThat(closedBy).containsEntry("d1", null);
	}

	@Test
	void aDestructionRequestIsClosedByItsAnswerOrItsDestructionWhicheverCameFirst() {
		Opening request = opening("r1", "destruction-request", "subject-request", "REQ-1", 0);
		assertThat(closedBy(List.of(request),
				List.of(answer("a1", "REQ-1", 4), destroyed("x1", null, "subject-request", 3))))
			.containsEntry("r1", "x1");
	}

	@Test
	void aFactNeverClosesAClockOpenedAfterIt() {
		Opening request = opening("r2", "destruction-request", "subject-request", "REQ-1", 5);
		Map<String, String> closedBy = closedBy(List.of(request),
				List.of(answer("a1", "REQ-1", 1), destroyed("x1", null, "subject-request", 2)));
		assertThat(closedBy).containsEntry("r2", null);
		Opening access = opening("r3", "access", "subject-request", "REQ-3", 0);
		assertThat(closedBy(List.of(request, access),
				List.of(destroyed("x2", "r2", "subject-request", 3), destroyed("x3", "r3", "subject-request", 3))))
			.containsEntry("r2", null)
			.containsEntry("r3", null);
	}

	@Test
	void aWithdrawalsDestructionClosesItsStopAndItsDestructionDue() {
		Opening stop = opening("w1", "withdrawal-stop", "consent-withdrawn", null, 0);
		Opening due = opening("d1", "destruction", "consent-withdrawn", null, 1);
		Opening later = opening("d2", "destruction", "consent-withdrawn", null, 2);
		Map<String, String> closedBy = closedBy(List.of(stop, due, later),
				List.of(destroyed("x1", null, "consent-withdrawn", 3)));
		assertThat(closedBy).containsEntry("w1", "x1").containsEntry("d1", "x1").containsEntry("d2", null);
	}

	/** A property: every arrival order of one set of facts gives the same clocks. */
	@Test
	void theClocksDoNotDependOnArrivalOrder() {
		Random random = new Random(27);
		String[] triggers = { "consent-withdrawn", "purpose-reached", "subject-request" };
		String[] kinds = { "withdrawal-stop", "retention", "destruction-request" };
		for (int run = 0; run < 500; run++) {
			List<Opening> openings = new ArrayList<>();
			List<Closing> closings = new ArrayList<>();
			int clocks = 1 + random.nextInt(5);
			for (int i = 0; i < clocks; i++) {
				int t = random.nextInt(3);
				openings.add(opening("o" + i, kinds[t], triggers[t], "REQ-" + random.nextInt(3), random.nextInt(4)));
			}
			for (int i = 0; i < random.nextInt(6); i++) {
				String named = random.nextBoolean() ? null : "o" + random.nextInt(clocks + 1);
				closings.add(random.nextInt(4) == 0 ? answer("c" + i, "REQ-" + random.nextInt(3), random.nextInt(6))
						: destroyed("c" + i, named, triggers[random.nextInt(3)], random.nextInt(6)));
			}
			Map<String, String> expected = closedBy(openings, closings);
			for (int order = 0; order < 10; order++) {
				Collections.shuffle(openings, random);
				Collections.shuffle(closings, random);
				assertThat(closedBy(openings, closings)).as("run %d", run).isEqualTo(expected);
			}
		}
	}

	/** Each clock's opening event id with the closing fact's (null while open). */
	private static Map<String, String> closedBy(List<Opening> openings, List<Closing> closings) {
		List<Clock> clocks = ClockMatching.match(openings, closings);
		assertThat(clocks).hasSameSizeAs(openings);
		Map<String, String> closedBy = new HashMap<>();
		clocks.forEach(
				(clock) -> closedBy.put(clock.opening().eventId(), clock.closing().map(Closing::eventId).orElse(null)));
		return closedBy;
	}

	private static Opening opening(String id, String kind, String trigger, String requestRef, int day) {
		return new Opening("180440011034", "user-1", "crm", id, kind, trigger, requestRef, "Law 94-V", null,
				DAY.plusSeconds(86_400L * day), LocalDate.of(2026, 3, 20), "kz-2026.1", false);
	}

	private static Closing answer(String id, String requestRef, int day) {
		return new Closing("180440011034", "user-1", "crm", id, Closing.ANSWER, requestRef, null, null,
				DAY.plusSeconds(86_400L * day), "answered");
	}

	private static Closing destroyed(String id, String dueEventId, String trigger, int day) {
		return new Closing("180440011034", "user-1", "crm", id, Closing.DESTRUCTION, null, dueEventId, trigger,
				DAY.plusSeconds(86_400L * day), "destroyed");
	}

}
