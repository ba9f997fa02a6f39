package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WithdrawalRecordTest {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final List<String> PURPOSES = List.of("service-provision", "marketing", "notifications");

	/**
	 * Against the definition, checked grant by grant: on histories with equal times,
	 * withdrawals before their grants and after the moment judged, and several purposes.
	 */
	@Test
	void eachGrantIsEndedByTheFirstRecordedWithdrawalOfThePurposeInItsWindow() {
		Random random = new Random(20261121);
		int ended = 0;
		int open = 0;
		for (int history = 0; history < 500; history++) {
			List<GrantRecord> grants = new ArrayList<>();
			List<WithdrawalRecord> withdrawals = new ArrayList<>();
			for (int i = random.nextInt(30); i > 0; i--) {
				grants.add(new GrantRecord(START.plusSeconds(random.nextInt(40)), "v1", pick(random), Set.of(),
						List.of(), List.of(), null));
			}
			for (int i = random.nextInt(30); i > 0; i--) {
				withdrawals.add(new WithdrawalRecord(START.plusSeconds(random.nextInt(40)), pick(random),
						LocalDate.of(2026, 1, 22)));
			}
			String purpose = PURPOSES.get(random.nextInt(PURPOSES.size()));
			Instant time = START.plusSeconds(random.nextInt(40));

			List<WithdrawalRecord> ending = WithdrawalRecord.ending(grants, withdrawals, purpose, time);

			assertThat(ending).hasSameSizeAs(grants);
			for (int g = 0; g < grants.size(); g++) {
				GrantRecord grant = grants.get(g);
				WithdrawalRecord expected = withdrawals.stream()
					.filter((w) -> w.purposes().contains(purpose) && !w.withdrawnAt().isBefore(grant.grantedAt())
							&& !w.withdrawnAt().isAfter(time))
					.findFirst()
					.orElse(null);
				assertThat(ending.get(g)).as("history %d, grant %d", history, g).isSameAs(expected);
				if (expected == null) {
					open++;
				}
				else {
					ended++;
				}
			}
		}
		// The histories exercise both answers, many times each.
		assertThat(ended).isGreaterThan(500);
		assertThat(open).isGreaterThan(500);
	}

	private static List<String> pick(Random random) {
		List<String> picked = new ArrayList<>();
		PURPOSES.stream().filter((purpose) -> random.nextBoolean()).forEach(picked::add);
		return picked.isEmpty() ? List.of(PURPOSES.get(0)) : List.copyOf(picked);
	}

}
