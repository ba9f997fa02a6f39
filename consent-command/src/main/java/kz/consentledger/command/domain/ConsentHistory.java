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
 * One subject's grants and withdrawals, and an index of them that makes judging a
 * disclosure at any business time cost the number of distinct consent terms, not the
 * length of the history: the Zipf spread of the benchmark gives the busiest subject of
 * 10,000,000 events about 130,000 of them, and a scan of every grant and withdrawal per
 * disclosure made ingest quadratic in a subject's history.
 * <p>
 * The index is kept only for long histories. Most subjects have a few events, and the
 * command service caches 100,000 of them: kept for every one, the index's maps outgrew
 * the 512 MB heap. A short history is indexed when it is judged, and the index is
 * dropped. Terms and purpose lists are held once per JVM ({@link Vocabulary}): a busy
 * subject repeats a few of them thousands of times.
 */
final class ConsentHistory {

	/** Grants and withdrawals from which the index is kept. */
	static final int INDEXED_FROM = 256;

	/** No withdrawal: ranks after every place in the record. */
	private static final int NONE = Integer.MAX_VALUE;

	private final List<Grant> grants = new ArrayList<>();

	private final List<WithdrawalRecord> withdrawals = new ArrayList<>();

	private Index index;

	void grant(Instant grantedAt, List<String> purposes, GrantTerms terms) {
		Grant grant = new Grant(grantedAt, purposes, terms);
		if (this.index != null) {
			this.index.add(grant, this.grants.size());
		}
		this.grants.add(grant);
		keepIndexWhenLong();
	}

	void withdraw(WithdrawalRecord withdrawal) {
		if (this.index != null) {
			this.index.add(withdrawal, this.withdrawals.size());
		}
		this.withdrawals.add(withdrawal);
		keepIndexWhenLong();
	}

	/**
	 * One consent to {@code purpose} in force at {@code time} per group of equal terms:
	 * the latest given (the first recorded of those given at that instant), with the
	 * withdrawal that ended it by then, or none. Empty when no consent was in force.
	 */
	List<Consent> inForce(Instant time, String purpose) {
		return index().inForce(time, purpose);
	}

	/**
	 * The purposes with a consent in force at {@code time} that no withdrawal ended, in
	 * the order grants first named them.
	 */
	List<String> purposesInForceAt(Instant time) {
		Index indexed = index();
		return indexed.grants.keySet()
			.stream()
			.filter((purpose) -> indexed.inForce(time, purpose)
				.stream()
				.anyMatch((consent) -> consent.endedBy() == null))
			.toList();
	}

	/**
	 * Kept from the same event whether the aggregate handled its commands or was sourced
	 * from the store, so both have the same state.
	 */
	private void keepIndexWhenLong() {
		if (this.index == null && this.grants.size() + this.withdrawals.size() >= INDEXED_FROM) {
			this.index = index();
		}
	}

	private Index index() {
		if (this.index != null) {
			return this.index;
		}
		Index built = new Index(new LinkedHashMap<>(), new HashMap<>(), this.withdrawals);
		for (int i = 0; i < this.grants.size(); i++) {
			built.add(this.grants.get(i), i);
		}
		for (int i = 0; i < this.withdrawals.size(); i++) {
			built.add(this.withdrawals.get(i), i);
		}
		return built;
	}

	/**
	 * A grant as {@link SharingEvaluation} weighs it; {@code recorded} is its place in
	 * the order grants were recorded, which breaks ties between grants given at the same
	 * instant.
	 */
	record Consent(GrantTerms terms, Instant grantedAt, int recorded, WithdrawalRecord endedBy) {

	}

	private record Grant(Instant grantedAt, List<String> purposes, GrantTerms terms) {

	}

	/**
	 * The grants of one purpose with the same terms differ only in when they were given.
	 * Of those in force at a time, the latest is the one the verdict can name (it ranks
	 * first by the rules of {@link SharingEvaluation}), and a withdrawal that ended it
	 * ended every earlier one too (their windows hold its window), so each group is
	 * represented by its latest grant at or before the time.
	 *
	 * @param grants per purpose, in the order grants first named them; per terms, grant
	 * time to the first recorded at that time
	 * @param withdrawals per purpose
	 * @param recorded the withdrawals in the order they were recorded
	 */
	private record Index(Map<String, Map<GrantTerms, NavigableMap<Instant, Integer>>> grants,
			Map<String, Withdrawals> withdrawals, List<WithdrawalRecord> recorded) {

		void add(Grant grant, int recorded) {
			for (String purpose : grant.purposes()) {
				this.grants.computeIfAbsent(purpose, (named) -> new HashMap<>())
					.computeIfAbsent(grant.terms(), (group) -> new TreeMap<>())
					.putIfAbsent(grant.grantedAt(), recorded);
			}
		}

		void add(WithdrawalRecord withdrawal, int recorded) {
			for (String purpose : withdrawal.purposes()) {
				this.withdrawals.computeIfAbsent(purpose, (named) -> new Withdrawals(new TreeMap<>(), new TreeMap<>()))
					.add(withdrawal.withdrawnAt(), recorded);
			}
		}

		List<Consent> inForce(Instant time, String purpose) {
			Map<GrantTerms, NavigableMap<Instant, Integer>> groups = this.grants.getOrDefault(purpose, Map.of());
			Withdrawals ofPurpose = this.withdrawals.get(purpose);
			List<Consent> inForce = new ArrayList<>(groups.size());
			groups.forEach((terms, given) -> {
				Map.Entry<Instant, Integer> latest = given.floorEntry(time);
				if (latest != null && terms.inForceAt(time)) {
					int endedBy = (ofPurpose != null) ? ofPurpose.firstRecorded(latest.getKey(), time) : NONE;
					inForce.add(new Consent(terms, latest.getKey(), latest.getValue(),
							(endedBy != NONE) ? this.recorded.get(endedBy) : null));
				}
			});
			return inForce;
		}

	}

	/**
	 * The withdrawals of one purpose by time, each instant with its first recorded. Those
	 * recorded in time order are kept apart from those that arrived after a later one:
	 * among the first, the earliest of a window is also its first recorded, and the
	 * second are few.
	 */
	private record Withdrawals(NavigableMap<Instant, Integer> inTimeOrder, NavigableMap<Instant, Integer> late) {

		void add(Instant withdrawnAt, int recorded) {
			boolean arrivedLate = !this.inTimeOrder.isEmpty() && withdrawnAt.isBefore(this.inTimeOrder.lastKey());
			(arrivedLate ? this.late : this.inTimeOrder).putIfAbsent(withdrawnAt, recorded);
		}

		/**
		 * Where the first recorded withdrawal between {@code from} and {@code to}, both
		 * included, was recorded, or {@link #NONE}.
		 */
		int firstRecorded(Instant from, Instant to) {
			int first = NONE;
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
