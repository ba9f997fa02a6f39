package kz.consentledger.deploy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.command.CommandApplication;
import kz.consentledger.query.QueryApplication;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The serving instances need no owner password (docs/scaling.md): a one-off run of each
 * service migrates its schema and exits ({@code ledger.database.migrations=only}); the
 * serving instances, connected and validating as the app role alone ({@code validate}),
 * refuse to start before it and serve after it.
 */
class MigrationModesEndToEndTest {

	private static final String STRUCTURED = "application/cloudevents+json";

	@Test
	void aJobMigratesAndExitsAndTheServicesThenRunWithTheAppRoleAlone() throws InterruptedException {
		Map<String, String> settings = RunningLedger.settings("migration_modes");
		JdbcTemplate owner = RunningLedger.ownerJdbc(settings);
		Map<String, String> serving = new LinkedHashMap<>(settings);
		serving.put("ledger.database.migrations", "validate");
		serving.put("spring.flyway.user", settings.get("spring.datasource.username"));
		serving.put("spring.flyway.password", settings.get("spring.datasource.password"));

		// Each service validates before its schema is migrated: it refuses to start and
		// changes nothing. The ledger's schema first, then the projections'.
		assertThatThrownBy(() -> RunningLedger.run(CommandApplication.application(), serving))
			.hasStackTraceContaining("Validate failed");
		assertThat(tablesIn(owner, "ledger")).isZero();
		migrate("consent-command", settings);
		assertThat(tablesIn(owner, "ledger")).isPositive();
		assertThatThrownBy(() -> RunningLedger.run(QueryApplication.application(), serving))
			.hasStackTraceContaining("Validate failed");
		assertThat(tablesIn(owner, "query")).isZero();
		migrate("consent-query", settings);
		assertThat(tablesIn(owner, "query")).isPositive();

		RunningLedger ledger = RunningLedger.start(serving, owner);
		try {
			for (String file : List.of("policy-published.json", "granted.json")) {
				RunningLedger.Response response = ledger.post(STRUCTURED, Map.of(), ExampleStory.bytes(file));
				assertThat(response.status()).as(response.text()).isEqualTo(200);
			}
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(owner.queryForObject("SELECT count(*) FROM query.current_consent", Long.class))
							.isPositive());
			assertThat(ledger.storedEvents()).isEqualTo(2);
		}
		finally {
			ledger.close();
		}
	}

	/**
	 * The service's jar, run as the migrations' job: it migrates as the owner and exits
	 * 0.
	 */
	private static void migrate(String module, Map<String, String> settings) throws InterruptedException {
		Map<String, String> job = new LinkedHashMap<>(settings);
		job.put("ledger.database.migrations", "only");
		try (ForkedService migration = ForkedService.start(module, job, "migration-modes-" + module)) {
			assertThat(migration.awaitExit(Duration.ofMinutes(2))).as("the exit status of %s's migration", module)
				.isZero();
		}
	}

	private static long tablesIn(JdbcTemplate owner, String schema) {
		return owner.queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?", Long.class,
				schema);
	}

}
