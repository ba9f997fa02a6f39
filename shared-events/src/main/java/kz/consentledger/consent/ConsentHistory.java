package kz.consentledger.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One subject's grants and withdrawals, indexed so that asking which consent to a purpose
 * was in force at a business time costs a binary search, not the length of the history:
 * the Zipf spread of the benchmark gives the busiest subject of 10,000,000 events about
 * 130,000 of them. It answers the rule of {@link ConsentFold} (the latest grant of a
 * purpose replaces the earlier ones; the first withdrawal after it ends it) for the
 * command side, which cannot afford to fold a subject's whole history per disclosure;
 * {@code ConsentHistoryTest} holds the two to the same answers.
 * <p>
 * The index is kept only for long histories, which then keep nothing else. Most subjects
 * have a few events, and the command service caches 100,000 of them: kept for every one,
 * the index outgrew the 512 MB heap. A short history is indexed when it is judged, and
 * the index is dropped. Terms and purpose lists are held once per JVM
 * ({@link Vocabulary}).
 */
public final class ConsentHistory {

	/**
	 * The key of withdrawals that name no purpose and so every one (no purpose is the
	 * empty word).
	 */
	private static final String EVERY = "";

	/** Grants and withdrawals from which the index is kept. */
	static final int INDEXED_FROM = 256;

	/** Until the index is kept; then null. */
	private List<Grant> grants = new ArrayList<>();

	/** Until the index is kept; then null. */
	private List<Withdrawal> withdrawals = new ArrayList<>();

	/** Grants and withdrawals recorded. */
	private int facts;

	private Index index;

	/**
	 * @param sequence the grant's place in the subject's stream, which orders facts of
	 * one instant as the fold does
	 */
	public void grant(Instant grantedAt, int sequence, List<String> purposes, GrantTerms terms) {
		Grant grant = new Grant(grantedAt, sequence, purposes, terms);
		this.facts++;
		if (this.index != null) {
			this.index.add(grant);
		}
		else {
			this.grants.add(grant);
		}
		keepIndexWhenLong();
	}

	/**
	 * @param sequence the withdrawal's place in the subject's stream
	 */
	public void withdraw(WithdrawalRecord withdrawal, int sequence) {
		Withdrawal recordedWithdrawal = new Withdrawal(withdrawal, sequence);
		this.facts++;
		if (this.index != null) {
			this.index.add(recordedWithdrawal);
		}
		else {
			this.withdrawals.add(recordedWithdrawal);
		}
		keepIndexWhenLong();
	}

	/**
	 * The consent to {@code purpose} in force at {@code time}: the latest grant naming it
	 * by then (the last recorded of an instant), unless it expired, with the first
	 * withdrawal of the purpose after it by then, or none. Empty when none was in force.
	 */
	public Optional<Consent> inForce(Instant time, String purpose) {
		return inForce(time, Integer.MAX_VALUE, purpose);
	}

	/**
	 * The same, for an event at {@code time} and place {@code before} in the stream: of
	 * the facts at that very instant, only those recorded before it count, as in the
	 * fold.
	 */
	public Optional<Consent> inForce(Instant time, int before, String purpose) {
		return index().inForce(time, before, purpose);
	}

	/**
	 * The purposes with a consent in force at {@code time} that no withdrawal ended, in
	 * the order grants first named them.
	 */
	public List<String> purposesInForceAt(Instant time) {
		Index indexed = index();
		return indexed.grants.keySet()
			.stream()
			.filter((purpose) -> indexed.inForce(time, Integer.MAX_VALUE, purpose)
				.filter((consent) -> consent.endedBy() == null)
				.isPresent())
			.toList();
	}

	/**
	 * Kept from the same event whether the aggregate handled its commands or was sourced
	 * from the store, so both have the same state.
	 */
	private void keepIndexWhenLong() {
		if (this.index == null && this.facts >= INDEXED_FROM) {
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
		this.grants.forEach(built::add);
		this.withdrawals.forEach(built::add);
		return built;
	}

	/** A grant in force, and the withdrawal that ended it by the time asked, or null. */
	public record Consent(GrantTerms terms, Instant grantedAt, WithdrawalRecord endedBy) {

	}

	private record Grant(Instant grantedAt, int recorded, List<String> purposes, GrantTerms terms) {

	}

	private record Withdrawal(WithdrawalRecord record, int recorded) {

	}

	/**
	 * @param grants per purpose, in the order grants first named them
	 * @param withdrawals per purpose
	 */
	private record Index(Map<String, Timeline<GrantTerms>> grants,
			Map<String, Timeline<WithdrawalRecord>> withdrawals) {

		void add(Grant grant) {
			for (String purpose : grant.purposes()) {
				this.grants.computeIfAbsent(purpose, (named) -> new Timeline<>())
					.add(grant.grantedAt(), grant.recorded(), grant.terms());
			}
		}

		/**
		 * One that names no purpose withdraws every one: it is kept under {@link #EVERY}.
		 */
		void add(Withdrawal withdrawal) {
			List<String> named = withdrawal.record().purposes().isEmpty() ? List.of(EVERY)
					: withdrawal.record().purposes();
			for (String purpose : named) {
				this.withdrawals.computeIfAbsent(purpose, (key) -> new Timeline<>())
					.add(withdrawal.record().withdrawnAt(), withdrawal.recorded(), withdrawal.record());
			}
		}

		Optional<Consent> inForce(Instant time, int before, String purpose) {
			Timeline<GrantTerms> given = this.grants.get(purpose);
			int latest = (given != null) ? given.before(time, before) - 1 : -1;
			if (latest < 0 || !given.value(latest).inForceAt(time)) {
				return Optional.empty();
			}
			Instant grantedAt = given.at(latest);
			int granted = given.recorded(latest);
			Withdrawal endedBy = earlier(first(this.withdrawals.get(purpose), grantedAt, granted, time, before),
					first(this.withdrawals.get(EVERY), grantedAt, granted, time, before));
			return Optional
				.of(new Consent(given.value(latest), grantedAt, (endedBy != null) ? endedBy.record() : null));
		}

		private static Withdrawal first(Timeline<WithdrawalRecord> withdrawals, Instant from, int recordedFrom,
				Instant to, int before) {
			int place = (withdrawals != null) ? withdrawals.firstAfter(from, recordedFrom, to, before) : -1;
			return (place >= 0) ? new Withdrawal(withdrawals.value(place), withdrawals.recorded(place)) : null;
		}

		/**
		 * The earlier in (time, recording) order: a purpose's own, or one of every
		 * purpose.
		 */
		private static Withdrawal earlier(Withdrawal own, Withdrawal every) {
			if (own == null || every == null) {
				return (own != null) ? own : every;
			}
			int byTime = own.record().withdrawnAt().compareTo(every.record().withdrawnAt());
			return (byTime < 0 || (byTime == 0 && own.recorded() < every.recorded())) ? own : every;
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
			int low = 0;
			int high = this.size;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (this.at[middle].compareTo(time) > 0) {
					high = middle;
				}
				else {
					low = middle + 1;
				}
			}
			return low;
		}

		/**
		 * Where the first entry after ({@code time}, {@code before}) in (time, recording)
		 * order is, or the size.
		 */
		int before(Instant time, int before) {
			int place = after(time);
			while (place > 0 && this.at[place - 1].equals(time) && this.recorded[place - 1] >= before) {
				place--;
			}
			return place;
		}

		/**
		 * Where the first entry after ({@code from}, {@code recordedFrom}) and before
		 * ({@code to}, {@code before}) in (time, recording) order is, or -1.
		 */
		int firstAfter(Instant from, int recordedFrom, Instant to, int before) {
			int place = before(from, recordedFrom + 1);
			boolean counted = place < this.size
					&& (this.at[place].isBefore(to) || (this.at[place].equals(to) && this.recorded[place] < before));
			return counted ? place : -1;
		}

		/**
		 * Recording order only grows, so an entry goes after those of its time and the
		 * timeline stays in (time, recording) order.
		 */
		void add(Instant time, int recordedAt, T value) {
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
			this.recorded[place] = recordedAt;
			this.values[place] = value;
			this.size++;
		}

	}

}
