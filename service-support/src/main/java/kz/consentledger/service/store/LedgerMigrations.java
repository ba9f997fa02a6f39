package kz.consentledger.service.store;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a service does with its schema's migrations at start
 * ({@code ledger.database.migrations}, env {@code LEDGER_DB_MIGRATIONS}):
 * <ul>
 * <li>{@code migrate} (the default): migrates as the owner (spring.flyway.user), then
 * runs. Every instance then needs the owner's password.</li>
 * <li>{@code only}: migrates and exits with status 0 before anything else starts: a
 * deployment's one-off job, the only process given the owner's password.</li>
 * <li>{@code validate}: checks that every migration is applied, unchanged, and refuses to
 * start otherwise; needs no more than the app role's read access, so the instances that
 * serve run without the owner's password (docs/scaling.md).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class LedgerMigrations {

	private static final Logger LOG = LoggerFactory.getLogger(LedgerMigrations.class);

	/** The ways a service may treat its migrations. */
	public enum Mode {

		MIGRATE, ONLY, VALIDATE

	}

	@Bean
	FlywayMigrationStrategy ledgerMigrationStrategy(@Value("${ledger.database.migrations:migrate}") Mode mode) {
		return (flyway) -> apply(mode, flyway);
	}

	private static void apply(Mode mode, Flyway flyway) {
		switch (mode) {
			case MIGRATE -> flyway.migrate();
			case VALIDATE -> flyway.validate();
			case ONLY -> {
				int applied = flyway.migrate().migrationsExecuted;
				LOG.info("ledger.database.migrations=only: {} migration(s) applied to schema {}; exiting", applied,
						flyway.getConfiguration().getDefaultSchema());
				// Halt, not exit: the application context is still being refreshed here,
				// and
				// a shutdown hook closing it would wait for the refresh this thread runs.
				Runtime.getRuntime().halt(0);
			}
		}
	}

}
