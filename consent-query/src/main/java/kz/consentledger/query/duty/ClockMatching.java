package kz.consentledger.query.duty;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which fact closes which clock, decided over one subject's whole set of facts so that
 * the answer never depends on the order they arrived in (the ledger's "never two
 * answers"). Facts are taken in business order, ties broken by their idempotency key:
 * <ol>
 * <li>an answer closes the request clocks with its {@code requestRef} opened by
 * then;</li>
 * <li>a destruction naming {@code dueEventId} closes the destructive clock opened by that
 * event by then (and none other: it waits for that clock if it has not arrived);</li>
 * <li>a destruction naming none closes, of each kind (a withdrawal's stop, a destruction
 * due, a request, a retention), the oldest clock with its trigger that was open then
 * (opened by then, no earlier fact closes it) and that no destruction names.</li>
 * </ol>
 * A clock with several closing facts is closed by the earliest.
 */
final class ClockMatching {

	static final Comparator<Closing> CLOSING_ORDER = Comparator.comparing(Closing::occurredAt)
		.thenComparing(Closing::source)
		.thenComparing(Closing::eventId);

	static final Comparator<Opening> OPENING_ORDER = Comparator.comparing(Opening::openedAt)
		.thenComparing(Opening::source)
		.thenComparing(Opening::eventId);

	private ClockMatching() {
	}

	/** A clock and the fact that closed it, if any. */
	record Clock(Opening opening, Optional<Closing> closing) {
	}

	/** One subject's clocks, oldest first. */
	static List<Clock> match(List<Opening> openings, List<Closing> closings) {
		List<Opening> clocks = openings.stream().sorted(OPENING_ORDER).toList();
		List<Closing> facts = closings.stream().sorted(CLOSING_ORDER).toList();
		Map<Opening, List<Closing>> closedBy = new LinkedHashMap<>();
		clocks.forEach((clock) -> closedBy.put(clock, new ArrayList<>()));
		Map<String, Opening> byEventId = new HashMap<>();
		clocks.forEach((clock) -> byEventId.putIfAbsent(clock.eventId(), clock));
		List<Closing> unnamed = new ArrayList<>();
		Set<Opening> named = new HashSet<>();
		for (Closing fact : facts) {
			if (fact.answer()) {
				clocks.stream()
					.filter((clock) -> clock.answeredBy(fact))
					.forEach((clock) -> closedBy.get(clock).add(fact));
			}
			else if (fact.dueEventId() != null) {
				Opening clock = byEventId.get(fact.dueEventId());
				// Naming a clock a destruction cannot end, or one opened after it, ends
				// nothing: the clock stays open, for the DPO to see.
				if (clock != null && clock.destructive() && clock.openedBy(fact)) {
					closedBy.get(clock).add(fact);
					named.add(clock);
				}
			}
			else {
				unnamed.add(fact);
			}
		}
		for (Closing fact : unnamed) {
			Set<String> kindsClosed = new HashSet<>();
			clocks.stream()
				.filter((clock) -> clock.destructive() && clock.trigger().equals(fact.trigger()) && clock.openedBy(fact)
						&& !named.contains(clock)
						&& closedBy.get(clock)
							.stream()
							.noneMatch((earlier) -> CLOSING_ORDER.compare(earlier, fact) < 0))
				.filter((clock) -> kindsClosed.add(clock.kind()))
				.forEach((clock) -> closedBy.get(clock).add(fact));
		}
		return clocks.stream()
			.map((clock) -> new Clock(clock, closedBy.get(clock).stream().min(CLOSING_ORDER)))
			.toList();
	}

}
