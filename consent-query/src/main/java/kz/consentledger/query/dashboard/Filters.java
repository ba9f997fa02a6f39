package kz.consentledger.query.dashboard;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The filters and page of a dashboard list; every one optional. Days are local days in
 * Kazakhstan, both ends included.
 */
record Filters(Optional<LocalDate> from, Optional<LocalDate> to, Optional<String> purpose, Optional<String> recipient,
		Optional<String> country, Optional<String> verdict, int limit, int offset) {

	Filters {
		if (limit < 1 || limit > DashboardLists.MAX_LIMIT) {
			throw new IllegalArgumentException(
					"limit must be between 1 and " + DashboardLists.MAX_LIMIT + ", not " + limit);
		}
		if (offset < 0) {
			throw new IllegalArgumentException("offset must not be negative, not " + offset);
		}
		if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
			throw new IllegalArgumentException("to (" + to.get() + ") is before from (" + from.get() + ")");
		}
	}

}
