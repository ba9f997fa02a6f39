package kz.consentledger.deploy;

import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrupts the stored events directly in PostgreSQL, as a database administrator could
 * (append-only triggers disabled first), and checks that the ledger's verification names
 * the broken subject and event each time, then that it is intact again once undone.
 */
class TamperEvidenceEndToEndTest {

	private static RunningLedger ledger;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("tamper");
		jdbc = ledger.jdbc();
		ExampleStory.firstEight()
			.forEach((file) -> assertThat(
					ledger.post("application/cloudevents+json", Map.of(), ExampleStory.bytes(file)).status())
				.isEqualTo(200));
		assertThat(ledger.postCommand("/api/v1/admin/checkpoints").status()).isEqualTo(200);
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@BeforeEach
	void theUntouchedLedgerVerifies() {
		JsonNode report = verify();
		assertThat(report.path("intact").asBoolean()).as(report.toString()).isTrue();
		assertThat(report.path("events").asLong()).isEqualTo(8);
		assertThat(report.path("chainedPositions").asLong()).isEqualTo(8);
		assertThat(report.path("sealedPositions").asLong()).isEqualTo(8);
		assertThat(ledger.getCommand("/api/v1/ledger/checkpoints").body().get(0).path("size").asLong()).isEqualTo(8);
		assertThat(report.path("cosigners").size()).as(report.toString()).isEqualTo(1);
	}

	@Test
	void oneChangedByteOfAPayloadIsNamed() {
		long index = indexOf("user-000417", 2);
		byte[] original = payloadOf(index);
		tampered(
				(db) -> db.update("UPDATE ledger.domain_event_entry SET payload = overlay(payload placing "
						+ "(CASE WHEN get_byte(payload, 40) = 65 THEN 'B' ELSE 'A' END)::bytea from 41 for 1) "
						+ "WHERE global_index = ?", index),
				(db) -> db.update("UPDATE ledger.domain_event_entry SET payload = ? WHERE global_index = ?", original,
						index),
				(report) -> assertOnly(report, "modified", "user-000417", eventIdOf(index)));
	}

	@Test
	void aDeletedRowIsNamed() {
		long index = indexOf("user-000417", 1);
		String eventId = eventIdOf(index);
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ledger.domain_event_entry WHERE global_index = ?",
				index);
		tampered((db) -> db.update("DELETE FROM ledger.domain_event_entry WHERE global_index = ?", index),
				(db) -> db.update("INSERT INTO ledger.domain_event_entry (global_index, event_identifier, "
						+ "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, "
						+ "payload, meta_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.get("global_index"),
						row.get("event_identifier"), row.get("aggregate_identifier"), row.get("sequence_number"),
						row.get("type"), row.get("time_stamp"), row.get("payload_type"), row.get("payload_revision"),
						row.get("payload"), row.get("meta_data")),
				(report) -> assertOnly(report, "deleted", "user-000417", eventId));
	}

	@Test
	void twoSwappedRowsAreNamed() {
		long first = indexOf("user-000417", 1);
		long second = indexOf("user-000417", 3);
		Consumer<JdbcTemplate> swap = (db) -> {
			db.update("UPDATE ledger.domain_event_entry SET global_index = -1 WHERE global_index = ?", first);
			db.update("UPDATE ledger.domain_event_entry SET global_index = ? WHERE global_index = ?", first, second);
			db.update("UPDATE ledger.domain_event_entry SET global_index = ? WHERE global_index = -1", second);
		};
		String firstId = eventIdOf(first);
		String secondId = eventIdOf(second);
		tampered(swap, swap, (report) -> {
			assertThat(report.path("intact").asBoolean()).isFalse();
			assertThat(report.path("problems").valueStream().map((p) -> p.path("kind").asString()))
				.containsOnly("reordered");
			assertThat(report.path("problems").valueStream().map((p) -> p.path("eventId").asString()))
				.containsExactlyInAnyOrder(firstId, secondId);
			assertThat(report.path("problems").valueStream().map((p) -> p.path("subject").asString()))
				.containsOnly("user-000417");
		});
	}

	@Test
	void anInsertedRowIsNamed() {
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ledger.domain_event_entry WHERE global_index = ?",
				indexOf("user-000417", 4));
		tampered((db) -> db.update("INSERT INTO ledger.domain_event_entry (global_index, event_identifier, "
				+ "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, "
				+ "meta_data) VALUES (1000, 'forged-event', ?, 99, ?, ?, ?, ?, ?, ?)", row.get("aggregate_identifier"),
				row.get("type"), row.get("time_stamp"), row.get("payload_type"), row.get("payload_revision"),
				row.get("payload"), row.get("meta_data")),
				(db) -> db.update("DELETE FROM ledger.domain_event_entry WHERE event_identifier = 'forged-event'"),
				(report) -> assertOnly(report, "inserted", "user-000417", "forged-event"));
	}

	@Test
	void aRewrittenChainEntryIsNamed() {
		long index = indexOf("user-000417", 2);
		byte[] hash = jdbc.queryForObject("SELECT event_hash FROM ledger.event_chain WHERE global_index = ?",
				byte[].class, index);
		byte[] forged = hash.clone();
		forged[0] ^= 1;
		tampered(
				(db) -> db.update("UPDATE ledger.event_chain SET event_hash = ? WHERE global_index = ?", forged, index),
				(db) -> db.update("UPDATE ledger.event_chain SET event_hash = ? WHERE global_index = ?", hash, index),
				(report) -> assertThat(report.path("problems").valueStream().map((p) -> p.path("kind").asString()))
					.contains("modified", "chain-altered"));
	}

	private static void tampered(Consumer<JdbcTemplate> corrupt, Consumer<JdbcTemplate> undo,
			Consumer<JsonNode> expectations) {
		triggers("DISABLE");
		try {
			corrupt.accept(jdbc);
			expectations.accept(verify());
			undo.accept(jdbc);
		}
		finally {
			triggers("ENABLE");
		}
		assertThat(verify().path("intact").asBoolean()).isTrue();
	}

	private static void triggers(String action) {
		jdbc.execute("ALTER TABLE ledger.domain_event_entry " + action + " TRIGGER USER");
		jdbc.execute("ALTER TABLE ledger.event_chain " + action + " TRIGGER USER");
	}

	private static void assertOnly(JsonNode report, String kind, String subject, String eventId) {
		assertThat(report.path("intact").asBoolean()).isFalse();
		JsonNode problem = report.path("problems")
			.valueStream()
			.filter((p) -> !p.path("kind").asString().equals("checkpoint-invalid"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no problem named in " + report));
		assertThat(problem.path("kind").asString()).as(report.toString()).isEqualTo(kind);
		assertThat(problem.path("operator").asString()).isEqualTo(ExampleStory.OPERATOR);
		assertThat(problem.path("subject").asString()).isEqualTo(subject);
		assertThat(problem.path("eventId").asString()).isEqualTo(eventId);
		assertThat(problem.path("detail").asString()).contains(eventId);
	}

	private static JsonNode verify() {
		RunningLedger.Response response = ledger.postCommand("/api/v1/admin/verification");
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	private static long indexOf(String subject, long sequence) {
		return jdbc.queryForObject("SELECT global_index FROM ledger.domain_event_entry WHERE aggregate_identifier = ? "
				+ "AND sequence_number = ?", Long.class, ExampleStory.OPERATOR + ":" + subject, sequence);
	}

	private static String eventIdOf(long index) {
		return jdbc.queryForObject("SELECT event_identifier FROM ledger.domain_event_entry WHERE global_index = ?",
				String.class, index);
	}

	private static byte[] payloadOf(long index) {
		return jdbc.queryForObject("SELECT payload FROM ledger.domain_event_entry WHERE global_index = ?", byte[].class,
				index);
	}

}
