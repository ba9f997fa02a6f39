package kz.consentledger.command.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One subject's grants and withdrawals, indexed so that judging a disclosure at any
 * business time costs the number of distinct consent terms, not the length of the
 * history: the Zipf spread of the benchmark gives the busiest subject of 10,000,000
 * events about 130,000 of them, and a scan of every grant and withdrawal per disclosure
 * made ingest quadratic in a subject's history.
 * <p>
 * The grants of one purpose with the same terms differ only in when they were given. Of
 * those in force at a time, the latest is the one the verdict can name (it ranks first by
 * the rules of {@link SharingEvaluation}), and a withdrawal that ended it ended every
 * earlier one too (their windows hold its window), so each group is represented by its
 * latest grant at or before the time.
 */
final class ConsentHistory {

	/**
	 * Per purpose, in the order grants first named them; per terms, grant time → first
	 * recorded.
	 */
	private final Map<String, Map<GrantTerms, NavigableMap<Instant, Integer>>> grants = new LinkedHashMap<>();

	private final Map<String, Withdrawals> withdrawals = new HashMap<>();

	private final List<WithdrawalRecord> recordedWithdrawals = new ArrayList<>();

	private int recordedGrants;

	void grant(Instant grantedAt, List<String> purposes, GrantTerms terms) {
		int recorded = this.recordedGrants++;
		for (String purpose : purposes) {
			this.grants.computeIfAbsent(purpose, (named) -> new HashMap<>())
				.computeIfAbsent(terms, (group) -> new TreeMap<>())
				.putIfAbsent(grantedAt, recorded);
		}
	}

	void withdraw(WithdrawalRecord withdrawal) {
		int recorded = this.recordedWithdrawals.size();
		this.recordedWithdrawals.add(withdrawal);
		for (String purpose : withdrawal.purposes()) {
			this.withdrawals.computeIfAbsent(purpose, (named) -> new Withdrawals())
				.add(withdrawal.withdrawnAt(), recorded);
		}
	}

	/**
	 * One consent to {@code purpose} in force at {@code time} per group of equal terms:
	 * the latest given (the first recorded of those given at that instant), with the
	 * withdrawal that ended it by then, or none. Empty when no consent was in force.
	 */
	List<Consent> inForce(Instant time, String purpose) {
		Map<GrantTerms, NavigableMap<Instant, Integer>> groups = this.grants.getOrDefault(purpose, Map.of());
		Withdrawals ofPurpose = this.withdrawals.get(purpose);
		List<Consent> inForce = new ArrayList<>(groups.size());
		groups.forEach((terms, given) -> {
			Map.Entry<Instant, Integer> latest = given.floorEntry(time);
			if (latest != null && terms.inForceAt(time)) {
				int endedBy = (ofPurpose != null) ? ofPurpose.firstRecorded(latest.getKey(), time) : Integer.MAX_VALUE;
				inForce.add(new Consent(terms, latest.getKey(), latest.getValue(),
						(endedBy != Integer.MAX_VALUE) ? this.recordedWithdrawals.get(endedBy) : null));
			}
		});
		return inForce;
	}

	/**
	 * The purposes with a consent in force at {@code time} that no withdrawal ended, in
	 * the order grants first named them.
	 */
	List<String> purposesInForceAt(Instant time) {
		return this.grants.keySet()
			.stream()
			.filter((purpose) -> inForce(time, purpose).stream().anyMatch((consent) -> consent.endedBy() == null))
			.toList();
	}

	/**
	 * A grant as {@link SharingEvaluation} weighs it; {@code recorded} is its place in
	 * the order grants were recorded, which breaks ties between grants given at the same
	 * instant.
	 */
	record Consent(GrantTerms terms, Instant grantedAt, int recorded, WithdrawalRecord endedBy) {

	}

	/**
	 * The withdrawals of one purpose by time, each instant with its first recorded. Those
	 * recorded in time order are kept apart from those that arrived after a later one:
	 * among the first, the earliest of a window is also its first recorded, and the
	 * second are few.
	 */
	private record Withdrawals(NavigableMap<Instant, Integer> inTimeOrder, NavigableMap<Instant, Integer> late) {

		Withdrawals() {
			this(new TreeMap<>(), new TreeMap<>());
		}

		void add(Instant withdrawnAt, int recorded) {
			boolean arrivedLate = !this.inTimeOrder.isEmpty() && withdrawnAt.isBefore(this.inTimeOrder.lastKey());
			(arrivedLate ? this.late : this.inTimeOrder).putIfAbsent(withdrawnAt, recorded);
		}

		/**
		 * Where the first recorded withdrawal between {@code from} and {@code to}, both
		 * included, was recorded, or {@link Integer#MAX_VALUE} if none was.
		 */
		int firstRecorded(Instant from, Instant to) {
			int first = Integer.MAX_VALUE;
			Map.Entry<Instant, Integer> earliest = this.inTimeOrder.ceilingEntry(from);
			if (earliest != null && !earliest.getKey().isAfter(to)) {
				first = earliest.getValue();
			}
			for (int recorded : this.late.subMap(from, true, to, true).values()) {
				first = Math.min(first, recorded);
			}
			return first;
		}

	}

}
