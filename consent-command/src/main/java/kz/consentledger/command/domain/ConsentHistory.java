package kz.consentledger.command.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One subject's grants and withdrawals, and an index of them that makes judging a
 * disclosure at any business time cost the number of distinct consent terms, not the
 * length of the history: the Zipf spread of the benchmark gives the busiest subject of
 * 10,000,000 events about 130,000 of them, and a scan of every grant and withdrawal per
 * disclosure made ingest quadratic in a subject's history.
 * <p>
 * The index is kept only for long histories, which then keep nothing else of their grants
 * and withdrawals. Most subjects have a few events, and the command service caches
 * 100,000 of them: kept for every one, the index outgrew the 512 MB heap. A short history
 * is indexed when it is judged, and the index is dropped. Terms and purpose lists are
 * held once per JVM ({@link Vocabulary}): a busy subject repeats a few of them thousands
 * of times.
 */
final class ConsentHistory {

	/** Grants and withdrawals from which the index is kept. */
	static final int INDEXED_FROM = 256;

	/** Until the index is kept; then null. */
	private List<Grant> grants = new ArrayList<>();

	/** Until the index is kept; then null. */
	private List<WithdrawalRecord> withdrawals = new ArrayList<>();

	/** Grants recorded: the next one's place in recording order. */
	private int granted;

	/** Withdrawals recorded: the next one's place in recording order. */
	private int withdrawn;

	private Index index;

	void grant(Instant grantedAt, List<String> purposes, GrantTerms terms) {
		Grant grant = new Grant(grantedAt, purposes, terms);
		if (this.index != null) {
			this.index.add(grant, this.granted);
		}
		else {
			this.grants.add(grant);
		}
		this.granted++;
		keepIndexWhenLong();
	}

	void withdraw(WithdrawalRecord withdrawal) {
		if (this.index != null) {
			this.index.add(withdrawal, this.withdrawn);
		}
		else {
			this.withdrawals.add(withdrawal);
		}
		this.withdrawn++;
		keepIndexWhenLong();
	}

	/**
	 * Of the consents to {@code purpose} in force at {@code time}, the one that ranks
	 * first ({@link SharingEvaluation}) per group of terms that differ at most in expiry:
	 * the latest given (the first recorded of those given at that instant), with the
	 * withdrawal that ended it by then, or none. Empty when no consent was in force.
	 * <p>
	 * The others of a group cannot change a verdict. They have the same gaps and rank
	 * after it. A withdrawal that ended it ended each of them too, since their windows
	 * hold its window; one that ended only them took effect before it was given, so its
	 * stop was due no later.
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
		if (this.index == null && this.granted + this.withdrawn >= INDEXED_FROM) {
			this.index = index();
			this.grants = null;
			this.withdrawals = null;
		}
	}

	private Index index() {
		if (this.index != null) {
			return this.index;
		}
		Index built = new Index(new LinkedHashMap<>(), new HashMap<>());
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
	 * @param grants per purpose, in the order grants first named them, a timeline per
	 * terms without their expiry
	 * @param withdrawals per purpose
	 */
	private record Index(Map<String, Map<GrantTerms, Timeline<GrantTerms>>> grants,
			Map<String, Withdrawals> withdrawals) {

		void add(Grant grant, int recorded) {
			GrantTerms group = grant.terms().withoutExpiry();
			for (String purpose : grant.purposes()) {
				this.grants.computeIfAbsent(purpose, (named) -> new HashMap<>(4))
					.computeIfAbsent(group, (terms) -> new Timeline<>())
					.add(grant.grantedAt(), recorded, grant.terms());
			}
		}

		void add(WithdrawalRecord withdrawal, int recorded) {
			for (String purpose : withdrawal.purposes()) {
				this.withdrawals
					.computeIfAbsent(purpose, (named) -> new Withdrawals(new Timeline<>(), new Timeline<>()))
					.add(withdrawal, recorded);
			}
		}

		List<Consent> inForce(Instant time, String purpose) {
			Map<GrantTerms, Timeline<GrantTerms>> groups = this.grants.getOrDefault(purpose, Map.of());
			Withdrawals ofPurpose = this.withdrawals.get(purpose);
			List<Consent> inForce = new ArrayList<>(groups.size());
			for (Timeline<GrantTerms> given : groups.values()) {
				int latest = latestInForce(given, time);
				if (latest >= 0) {
					Instant grantedAt = given.at(latest);
					inForce.add(new Consent(given.value(latest), grantedAt, given.recorded(latest),
							(ofPurpose != null) ? ofPurpose.first(grantedAt, time) : null));
				}
			}
			return inForce;
		}

		/**
		 * Where the latest grant in force at {@code time} is, the first recorded of its
		 * instant, or -1. Grants that expired by then are passed over one by one: a group
		 * whose every grant expires, judged long after the last, is read whole.
		 */
		private static int latestInForce(Timeline<GrantTerms> given, Instant time) {
			int latest = given.after(time) - 1;
			while (latest >= 0 && !given.value(latest).inForceAt(time)) {
				latest--;
			}
			for (int i = latest - 1; i >= 0 && given.at(i).equals(given.at(latest)); i--) {
				latest = given.value(i).inForceAt(time) ? i : latest;
			}
			return latest;
		}

	}

	/**
	 * The withdrawals of one purpose. Those recorded in time order are kept apart from
	 * those that arrived after a later one: among the first, the earliest of a window is
	 * also its first recorded, and the second are few.
	 */
	private record Withdrawals(Timeline<WithdrawalRecord> inTimeOrder, Timeline<WithdrawalRecord> late) {

		void add(WithdrawalRecord withdrawal, int recorded) {
			boolean arrivedLate = this.inTimeOrder.size() > 0
					&& withdrawal.withdrawnAt().isBefore(this.inTimeOrder.at(this.inTimeOrder.size() - 1));
			(arrivedLate ? this.late : this.inTimeOrder).add(withdrawal.withdrawnAt(), recorded, withdrawal);
		}

		/**
		 * The first recorded withdrawal between {@code from} and {@code to}, both
		 * included, or null.
		 */
		WithdrawalRecord first(Instant from, Instant to) {
			WithdrawalRecord first = null;
			int recorded = Integer.MAX_VALUE;
			int earliest = this.inTimeOrder.from(from);
			if (earliest < this.inTimeOrder.size() && !this.inTimeOrder.at(earliest).isAfter(to)) {
				first = this.inTimeOrder.value(earliest);
				recorded = this.inTimeOrder.recorded(earliest);
			}
			for (int i = this.late.from(from); i < this.late.size() && !this.late.at(i).isAfter(to); i++) {
				if (this.late.recorded(i) < recorded) {
					first = this.late.value(i);
					recorded = this.late.recorded(i);
				}
			}
			return first;
		}

	}

	/**
	 * Entries by time, then by recording order, in arrays: a tree map's entry and boxed
	 * number cost about 56 bytes, an entry here 12. At 8,260,000 events the long
	 * histories' tree maps held 1,360,000 entries.
	 */
	private static final class Timeline<T> {

		private Instant[] at = new Instant[2];

		private int[] recorded = new int[2];

		private Object[] values = new Object[2];

		private int size;

		int size() {
			return this.size;
		}

		Instant at(int place) {
			return this.at[place];
		}

		int recorded(int place) {
			return this.recorded[place];
		}

		@SuppressWarnings("unchecked")
		T value(int place) {
			return (T) this.values[place];
		}

		/** Where the first entry later than {@code time} is, or the size. */
		int after(Instant time) {
			return first(time, false);
		}

		/** Where the first entry not before {@code time} is, or the size. */
		int from(Instant time) {
			return first(time, true);
		}

		private int first(Instant time, boolean atTimeToo) {
			int low = 0;
			int high = this.size;
			while (low < high) {
				int middle = (low + high) >>> 1;
				int order = this.at[middle].compareTo(time);
				if (order > 0 || (atTimeToo && order == 0)) {
					high = middle;
				}
				else {
					low = middle + 1;
				}
			}
			return low;
		}

		/** Entries come in recording order, so one goes after those at its time. */
		void add(Instant time, int recorded, T value) {
			if (this.size == this.at.length) {
				int grown = this.size + (this.size >> 1) + 1;
				this.at = Arrays.copyOf(this.at, grown);
				this.recorded = Arrays.copyOf(this.recorded, grown);
				this.values = Arrays.copyOf(this.values, grown);
			}
			int place = after(time);
			int moved = this.size - place;
			System.arraycopy(this.at, place, this.at, place + 1, moved);
			System.arraycopy(this.recorded, place, this.recorded, place + 1, moved);
			System.arraycopy(this.values, place, this.values, place + 1, moved);
			this.at[place] = time;
			this.recorded[place] = recorded;
			this.values[place] = value;
			this.size++;
		}

	}

}
