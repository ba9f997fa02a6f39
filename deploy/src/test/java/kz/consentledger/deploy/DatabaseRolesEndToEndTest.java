package kz.consentledger.deploy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The services run as a role that may read and append the evidence but not rewrite it
 * (issue 26, docs/security.md "Database roles"): connected as that role to a ledger with
 * events, checkpoints and audit records in it, every way of rewriting or of switching off
 * the append-only triggers is refused by PostgreSQL's privileges, and the ledger ingests,
 * seals, answers and rebuilds all the same.
 */
class DatabaseRolesEndToEndTest {

	/** PostgreSQL's insufficient_privilege: refused before any trigger runs. */
	private static final String PERMISSION_DENIED = "42501";

	/**
	 * The tables the services may change (afterMigrate__app_role.sql); every other table
	 * is evidence, including any a later migration adds.
	 */
	private static final Set<String> CHANGEABLE = Set.of("ledger.unresolved_policy_reference", "ledger.subject_key",
			"query.token_entry", "query.dead_letter_entry", "query.subject", "query.current_consent",
			"query.history_entry", "query.policy_version", "query.dashboard_counter", "query.dashboard_delta",
			"query.duty_clock", "query.processor_node", "query.projection_rebuild");

	/** Named by issue 26; the catalogue must list them among the evidence. */
	private static final List<String> NAMED_EVIDENCE = List.of("ledger.domain_event_entry", "ledger.event_chain",
			"ledger.checkpoint", "ledger.signing_key", "ledger.ingested_event", "query.access_audit");

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("database_roles");
		ExampleStory.firstEight()
			.forEach((file) -> assertThat(
					ledger.post("application/cloudevents+json", Map.of(), ExampleStory.bytes(file)).status())
				.isEqualTo(200));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ExampleStory.assertStateAfterEight(ledger));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> sealed() > 0 && count("SELECT count(*) FROM query.access_audit") > 0);
	}

	@AfterAll
	static void stop() {
		if (ledger != null) {
			ledger.close();
		}
	}

	@Test
	void theServicesConnectAsTheAppRoleWhichOwnsNothingAndIsNoSuperuser() {
		String app = ledger.appRole();
		assertThat(app).isNotEqualTo(ledger.settings().get("spring.flyway.user"));
		assertThat(
				ledger.jdbc()
					.queryForList("SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() "
							+ "AND pid <> pg_backend_pid() AND usename IS NOT NULL", String.class))
			.containsExactly(app);
		assertThat(ledger.jdbc()
			.queryForObject("SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb FROM pg_roles "
					+ "WHERE rolname = ?", Boolean.class, app))
			.isFalse();
		assertThat(ledger.jdbc()
			.queryForObject(
					"SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
							+ "WHERE n.nspname IN ('ledger', 'query') AND pg_get_userbyid(c.relowner) = ?",
					Long.class, app))
			.isZero();
	}

	@Test
	void everyTableButTheNamedProjectionsIsEvidenceAndRefusesUpdateDeleteAndTruncate() throws SQLException {
		Set<String> changeable = new TreeSet<>(ledger.jdbc()
			.queryForList("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE n.nspname IN ('ledger', 'query') AND c.relkind = 'r' AND ("
					+ "has_table_privilege(?, c.oid, 'UPDATE') OR has_table_privilege(?, c.oid, 'DELETE') OR "
					+ "has_table_privilege(?, c.oid, 'TRUNCATE'))", String.class, ledger.appRole(), ledger.appRole(),
					ledger.appRole()));
		assertThat(changeable).isEqualTo(new TreeSet<>(CHANGEABLE));
		assertThat(ledger.jdbc()
			.queryForList("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE n.nspname IN ('ledger', 'query') AND c.relkind = 'r' "
					+ "AND has_table_privilege(?, c.oid, 'TRUNCATE')", String.class, ledger.appRole()))
			.as("a rebuild replaces the projections through the owner's functions: no table is truncated")
			.isEmpty();
		List<String> evidence = tables().stream().filter((table) -> !CHANGEABLE.contains(table)).toList();
		assertThat(evidence).containsAll(NAMED_EVIDENCE);
		assertThat(count("SELECT count(*) FROM ledger.domain_event_entry")).isPositive();

		try (Connection app = appConnection()) {
			for (String table : evidence) {
				String column = ledger.jdbc()
					.queryForObject("SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum = 1",
							String.class, table);
				assertRefused(app, "UPDATE " + table + " SET " + column + " = " + column);
				assertRefused(app, "DELETE FROM " + table);
				assertRefused(app, "TRUNCATE " + table);
			}
			assertRefused(app, "SELECT setval('ledger.domain_event_entry_global_index_seq', 1)");
		}
	}

	@Test
	void noTableCanBeAlteredNorItsTriggersDisabledOrDroppedNorTriggersSkipped() throws SQLException {
		List<Map<String, Object>> triggers = ledger.jdbc()
			.queryForList("SELECT t.tgname, n.nspname || '.' || c.relname AS table_name FROM pg_trigger t "
					+ "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
					+ "WHERE n.nspname IN ('ledger', 'query') AND NOT t.tgisinternal");
		assertThat(triggers).extracting((row) -> row.get("tgname"))
			.contains("domain_event_entry_append_only", "access_audit_append_only");
		try (Connection app = appConnection()) {
			for (String table : tables()) {
				assertRefused(app, "ALTER TABLE " + table + " DISABLE TRIGGER ALL");
				assertRefused(app, "ALTER TABLE " + table + " ADD COLUMN intruder INTEGER");
			}
			for (Map<String, Object> trigger : triggers) {
				assertRefused(app, "DROP TRIGGER " + trigger.get("tgname") + " ON " + trigger.get("table_name"));
			}
			assertRefused(app, "SET session_replication_role = replica");
			assertRefused(app, "SET SESSION AUTHORIZATION " + ledger.settings().get("spring.flyway.user"));
			assertRefused(app, "ALTER FUNCTION ledger.reject_rewrite() RENAME TO rewrite_allowed");
		}
	}

	/**
	 * The one evidence the services may change: a subject's key, only to destroy it
	 * (erasure, ADR 0025); its row stays as a tombstone.
	 */
	@Test
	void aSubjectKeyMayOnlyBeDestroyedNeverDeletedNorChanged() throws SQLException {
		assertThat(count("SELECT count(*) FROM ledger.subject_key WHERE wrapped_key IS NOT NULL")).isPositive();
		try (Connection app = appConnection()) {
			assertRefused(app, "DELETE FROM ledger.subject_key");
			assertRefused(app, "TRUNCATE ledger.subject_key");
			for (String change : List.of("wrapped_key = wrapped_key || '\\x00'::bytea",
					"created_at = created_at - interval '1 day'", "subject = subject || 'x'", "destroyed_at = now()")) {
				try (Statement statement = app.createStatement()) {
					statement.execute("UPDATE ledger.subject_key SET " + change);
					fail("the app role could change a subject key: " + change);
				}
				catch (SQLException ex) {
					assertThat(ex.getMessage()).as(change).contains("may only have its key destroyed");
				}
			}
		}
	}

	/**
	 * A key is destroyed, and a row made without one, only by a transaction that stores
	 * the subject's SubjectErased event (ledger V8, checked at commit): not by a bare
	 * statement, nor for a subject the ledger does not know yet, nor next to another
	 * subject's erasure or another event of the same subject.
	 */
	@Test
	void theAppRoleLeavesNoSubjectWithoutAKeyUnlessTheSameTransactionStoresItsErasure() throws SQLException {
		Map<String, Object> live = ledger.jdbc()
			.queryForMap("SELECT operator::text AS operator, subject FROM ledger.subject_key "
					+ "WHERE wrapped_key IS NOT NULL ORDER BY operator, subject LIMIT 1");
		String operator = (String) live.get("operator");
		String subject = (String) live.get("subject");
		String destroy = "UPDATE ledger.subject_key SET wrapped_key = NULL, destroyed_at = now() WHERE operator = '"
				+ operator + "' AND subject = '" + subject + "'";
		String erasureOf = "kz.consentledger.events.SubjectErased";
		try (Connection app = appConnection()) {
			assertRefusedAtCommit(app, destroy);
			assertRefusedAtCommit(app, "INSERT INTO ledger.subject_key (operator, subject, wrapped_key, created_at, "
					+ "destroyed_at) VALUES ('" + operator + "', 'not-yet-a-subject', NULL, now(), now())");
			assertRefusedAtCommit(app, event(operator + ":another-subject", erasureOf), destroy);
			assertRefusedAtCommit(app, event(operator + ":" + subject, "kz.consentledger.events.ConsentGranted"),
					destroy);

			// With the subject's own erasure in the same transaction the check passes
			// (made at once here, then rolled back: the stored erasure is
			// ErasureEndToEndTest's).
			app.setAutoCommit(false);
			try (Statement statement = app.createStatement()) {
				statement.execute(destroy);
				statement.execute(event(operator + ":" + subject, erasureOf));
				statement.execute("SET CONSTRAINTS ALL IMMEDIATE");
			}
			finally {
				app.rollback();
				app.setAutoCommit(true);
			}
		}
		assertThat(ledger.jdbc()
			.queryForObject(
					"SELECT wrapped_key IS NOT NULL FROM ledger.subject_key WHERE operator = ? " + "AND subject = ?",
					Boolean.class, operator, subject))
			.isTrue();
		assertThat(count("SELECT count(*) FROM ledger.subject_key WHERE subject = 'not-yet-a-subject'")).isZero();
		assertThat(count("SELECT count(*) FROM ledger.domain_event_entry WHERE event_identifier LIKE 'intruder-%'"))
			.isZero();
	}

	/** An event row as the app role could insert it, far past the stream's end. */
	private static String event(String stream, String payloadType) {
		return "INSERT INTO ledger.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, "
				+ "time_stamp, payload_type, payload) VALUES ('intruder-' || gen_random_uuid(), '" + stream
				+ "', 1000000, now()::text, '" + payloadType + "', '\\x7b7d'::bytea)";
	}

	/** These statements, in one transaction, are refused when it commits. */
	private static void assertRefusedAtCommit(Connection app, String... statements) throws SQLException {
		app.setAutoCommit(false);
		try (Statement statement = app.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
			app.commit();
			fail("the app role could commit: " + String.join("; ", statements));
		}
		catch (SQLException ex) {
			assertThat(ex.getMessage()).as(String.join("; ", statements))
				.contains("only by a SubjectErased event of that subject");
			app.rollback();
		}
		finally {
			app.setAutoCommit(true);
		}
	}

	@Test
	void nothingCanBeCreatedInTheSchemasNorTheMigrationHistoryWritten() throws SQLException {
		try (Connection app = appConnection()) {
			for (String schema : List.of("ledger", "query", "public")) {
				assertRefused(app, "CREATE TABLE " + schema + ".intruder (x INTEGER)");
				assertRefused(app,
						"CREATE FUNCTION " + schema + ".intruder() RETURNS INTEGER LANGUAGE sql AS 'SELECT 1'");
			}
			assertRefused(app, "CREATE SCHEMA intruder");
			for (String schema : List.of("ledger", "query")) {
				assertRefused(app, "DELETE FROM " + schema + ".flyway_schema_history");
				assertRefused(app, "UPDATE " + schema + ".flyway_schema_history SET checksum = 0");
				assertRefused(app, "INSERT INTO " + schema + ".flyway_schema_history (installed_rank, description, "
						+ "type, script, installed_by, execution_time, success) VALUES (999, 'x', 'SQL', 'x', 'x', 0, true)");
			}
		}
	}

	@Test
	void underTheRoleTheLedgerSealsVerifiesAuditsAndRebuilds() {
		RunningLedger.Response verification = ledger.postCommand("/api/v1/admin/verification");
		assertThat(verification.status()).as(verification.text()).isEqualTo(200);

		long audited = count("SELECT count(*) FROM query.access_audit");
		ExampleStory.assertStateAfterEight(ledger);
		assertThat(count("SELECT count(*) FROM query.access_audit")).isGreaterThan(audited);

		assertThat(ledger.postQuery("/api/v1/admin/projections/consent-projections/rebuild").status()).isEqualTo(202);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
			JsonNode progress = ledger.get("/api/v1/admin/projections/consent-projections/rebuild").body();
			return progress.path("state").asString().equals("done");
		});
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ExampleStory.assertStateAfterEight(ledger));
	}

	/** The ledger's and the query side's tables, without Flyway's history. */
	private static List<String> tables() {
		return ledger.jdbc()
			.queryForList(
					"SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname IN ('ledger', 'query') "
							+ "AND tablename <> 'flyway_schema_history' ORDER BY 1",
					String.class);
	}

	/**
	 * Checkpoints the command service sealed as the app role: tree heads (ADR 0024), or
	 * the range checkpoints of a store from before them.
	 */
	private static long sealed() {
		return ledger.jdbc()
			.queryForList("SELECT 'ledger.' || tablename FROM pg_tables WHERE schemaname = 'ledger' "
					+ "AND tablename IN ('checkpoint', 'tree_head')", String.class)
			.stream()
			.mapToLong((table) -> count("SELECT count(*) FROM " + table))
			.sum();
	}

	private static long count(String sql) {
		return ledger.jdbc().queryForObject(sql, Long.class);
	}

	/** A connection as the services' role, each statement in a transaction of its own. */
	private static Connection appConnection() throws SQLException {
		return DriverManager.getConnection(ledger.settings().get("spring.datasource.url"), ledger.appRole(),
				ledger.settings().get("spring.datasource.password"));
	}

	private static void assertRefused(Connection app, String sql) {
		try (Statement statement = app.createStatement()) {
			statement.execute(sql);
			fail("the app role was allowed: " + sql);
		}
		catch (SQLException ex) {
			assertThat(ex.getSQLState()).as(sql + ": " + ex.getMessage()).isEqualTo(PERMISSION_DENIED);
		}
	}

}
