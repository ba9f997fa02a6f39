package kz.consentledger.query.dashboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Folds the dashboard's deltas into its counters every second, so the counters stay small
 * to read whatever the event volume. Reads are exact without it (they add the deltas not
 * folded yet); folding only keeps them fast.
 */
@Component
class DashboardFolding {

	private static final Logger logger = LoggerFactory.getLogger(DashboardFolding.class);

	private final JdbcTemplate jdbc;

	DashboardFolding(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Scheduled(fixedDelayString = "${ledger.dashboard.fold-interval:1s}")
	void fold() {
		Long moved = this.jdbc.queryForObject("SELECT query.dashboard_fold()", Long.class);
		if (moved != null && moved > 0) {
			logger.debug("Folded {} dashboard deltas", moved);
		}
	}

}
