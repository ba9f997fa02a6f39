package kz.consentledger.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import kz.consentledger.command.proof.AuditTrail;
import kz.consentledger.command.proof.VerificationReport.Problem;
import kz.consentledger.proof.AuditChain;
import kz.consentledger.proof.AuditHead;
import kz.consentledger.query.QueryApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The access audit is evidence (issue 26, item 7): reads and refused reads are recorded
 * with their outcome in one hash chain, and the command service's check of that chain
 * against the heads checkpoints committed to names what the database's owner changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessAuditChainEndToEndTest {

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static final String FOREIGN = "190840027812";

	private static final String SUBJECT_PATH = "/api/v1/operators/" + OPERATOR + "/subjects/" + ExampleStory.SUBJECT;

	private static final Map<String, String> DPO = Map.of("Authorization",
			RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo"));

	private static final Map<String, String> REGULATOR = Map.of("Authorization",
			RunningLedger.basic("regulator", "regulator-demo"), "X-Access-Reason", "audit chain test");

	private static RunningLedger ledger;

	private static AuditTrail trail;

	/** Heads as checkpoints would have committed to them, oldest first. */
	private static final List<AuditHead> committed = new ArrayList<>();

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("audit_chain");
		ExampleStory.firstEight()
			.forEach((file) -> assertThat(
					ledger.post("application/cloudevents+json", Map.of(), ExampleStory.bytes(file)).status())
				.isEqualTo(200));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ExampleStory.assertStateAfterEight(ledger));
		trail = ledger.commandBean(AuditTrail.class);
	}

	@AfterAll
	static void stop() {
		if (ledger != null) {
			ledger.close();
		}
	}

	@Test
	@Order(1)
	void readsAndRefusedReadsAreRecordedWithTheirOutcomeInOneChain() {
		long before = trail.head().count();
		assertThat(get(SUBJECT_PATH + "/consents", DPO)).isEqualTo(200);
		assertThat(get(SUBJECT_PATH + "/history", Map.of())).isEqualTo(401);
		assertThat(get(SUBJECT_PATH + "/history",
				Map.of("Authorization", RunningLedger.basic("dpo-kinoqazaqsha", "wrong"))))
			.isEqualTo(401);
		committed.add(trail.head());
		// A DPO of another operator, refused on the operator before any lookup.
		assertThat(get("/api/v1/operators/" + FOREIGN + "/subjects/" + ExampleStory.SUBJECT + "/consents", DPO))
			.isEqualTo(403);
		assertThat(
				get("/api/v1/operators/" + FOREIGN + "/export?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", DPO))
			.isEqualTo(403);
		// Input checks: a subject too long to be one, a control character, no reason.
		assertThat(get("/api/v1/operators/" + OPERATOR + "/subjects/" + "s".repeat(300) + "/consents", DPO))
			.isEqualTo(400);
		assertThat(get(SUBJECT_PATH + "/consents?reason=case%007", DPO)).isEqualTo(400);
		assertThat(get(SUBJECT_PATH + "/as-of?at=2026-11-05", DPO)).isEqualTo(400);
		committed.add(trail.head());
		assertThat(get(SUBJECT_PATH + "/as-of?at=2026-11-05&reason=complaint%201", DPO)).isEqualTo(200);

		List<Map<String, Object>> records = ledger.jdbc()
			.queryForList("SELECT sequence, actor, action, operator, subject, reason, outcome "
					+ "FROM query.access_audit WHERE sequence >= ? ORDER BY sequence", before);
		assertThat(records).extracting((r) -> ((Number) r.get("sequence")).longValue())
			.containsExactly(before, before + 1, before + 2, before + 3, before + 4, before + 5, before + 6, before + 7,
					before + 8);
		assertThat(records).extracting((r) -> r.get("actor") + " " + r.get("action") + " " + r.get("outcome"))
			.containsExactly("dpo-kinoqazaqsha read-consent answered", "anonymous read-history refused 401",
					"anonymous read-history refused 401", "dpo-kinoqazaqsha read-consent refused 403",
					"dpo-kinoqazaqsha export-operator refused 403", "dpo-kinoqazaqsha read-consent refused 400",
					"dpo-kinoqazaqsha read-consent refused 400", "dpo-kinoqazaqsha as-of refused 400",
					"dpo-kinoqazaqsha as-of answered");
		assertThat(records.get(3).get("operator")).isEqualTo(FOREIGN);
		assertThat(records.get(3).get("subject")).isEqualTo(ExampleStory.SUBJECT);
		assertThat((String) records.get(5).get("subject")).hasSize(128).endsWith("[cut: 300 characters]");
		assertThat(records.get(6).get("reason")).isEqualTo("case\\u00007");
		assertThat(records.get(8).get("reason")).isEqualTo("complaint 1");

		// The regulator's export shows the outcomes and the chain.
		JsonNode exported = ledger
			.send("GET", ledger.queryUrl() + "/api/v1/audit/accesses?operator=" + FOREIGN, REGULATOR)
			.body();
		assertThat(exported.valueStream().map((r) -> r.path("outcome").asString())).contains("refused 403");
		assertThat(exported.path(0).path("chainHash").asString()).hasSize(64);

		AuditHead head = trail.head();
		assertThat(head.count())
			.isEqualTo(ledger.jdbc().queryForObject("SELECT count(*) FROM query.access_audit", Long.class));
		committed.add(head);
		assertThat(trail.verify(committed)).isEmpty();
	}

	/**
	 * Refusals are written a few at a time, on the refused request's thread: a burst is
	 * answered in full, each refusal recorded or counted as unrecorded, and the service
	 * answers reads after it.
	 */
	@Test
	@Order(2)
	void aFloodOfRefusalsIsRefusedAndEachIsRecordedOrCounted() throws Exception {
		long records = count();
		double unrecorded = unrecorded();
		int flood = 400;
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < flood; i++) {
				answers.add(clients.submit(() -> get(SUBJECT_PATH + "/history?reason=" + "x".repeat(5000), Map.of())));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(401);
			}
		}
		finally {
			clients.shutdown();
		}
		assertThat((count() - records) + (unrecorded() - unrecorded)).isEqualTo(flood);
		assertThat(ledger.jdbc()
			.queryForList("SELECT DISTINCT length(reason) FROM query.access_audit WHERE sequence >= ?", Long.class,
					records))
			.containsExactly(1024L);
		assertThat(get(SUBJECT_PATH + "/consents", DPO)).isEqualTo(200);
		committed.add(trail.head());
		assertThat(trail.verify(committed)).isEmpty();
	}

	@Test
	@Order(3)
	void anEditedRecordIsNamed() {
		// The DPO's refused look at another operator's subject.
		long edited = committed.get(0).count();
		String reason = reason(edited);
		rewrite(() -> ledger.jdbc()
			.update("UPDATE query.access_audit SET reason = 'nothing to see' WHERE sequence = ?", edited));
		try {
			List<Problem> problems = trail.verify(committed);
			assertThat(problems).isNotEmpty();
			assertThat(problems.get(0).kind()).isEqualTo("audit-altered");
			assertThat(problems.get(0).operator()).isEqualTo(FOREIGN);
			assertThat(problems.get(0).subject()).isEqualTo(ExampleStory.SUBJECT);
			assertThat(problems.get(0).detail()).startsWith("access record #" + edited + " (")
				.contains("dpo-kinoqazaqsha, read-consent, refused 403");
			// The head committed after it no longer matches either, for the same record.
			assertThat(problems).extracting(Problem::kind).containsExactly("audit-altered", "audit-chain-altered");
			assertThat(problems.get(1).detail()).contains("hold the records named before");
		}
		finally {
			rewrite(() -> ledger.jdbc()
				.update("UPDATE query.access_audit SET reason = ? WHERE sequence = ?", reason, edited));
		}
		assertThat(trail.verify(committed)).isEmpty();
	}

	/**
	 * Every hash after an edited record rewritten: no record is wrong on its own, the
	 * first committed head after it no longer matches, and the records between the last
	 * matching head and it are named as the range that holds the edit.
	 */
	@Test
	@Order(4)
	void aRecomputedChainIsCaughtByTheCommittedHeads() {
		long from = committed.get(0).count();
		long to = committed.get(1).count();
		long edited = from + 1;
		List<Map<String, Object>> original = ledger.jdbc()
			.queryForList("SELECT sequence, reason, entry_hash, chain_hash FROM query.access_audit "
					+ "WHERE sequence >= ? ORDER BY sequence", edited);
		rewrite(() -> {
			ledger.jdbc().update("UPDATE query.access_audit SET reason = 'nothing to see' WHERE sequence = ?", edited);
			recomputeFrom(edited);
		});
		try {
			List<Problem> problems = trail.verify(committed);
			assertThat(problems).extracting(Problem::kind).containsExactly("audit-chain-altered");
			assertThat(problems.get(0).detail()).startsWith("access record #" + (to - 1) + " (")
				.contains("(" + to + " records)", "access records #" + from + ".." + (to - 1),
						"which one cannot be known once every hash stored after it was rewritten");
		}
		finally {
			rewrite(() -> original.forEach((row) -> ledger.jdbc()
				.update("UPDATE query.access_audit SET reason = ?, entry_hash = ?, chain_hash = ? WHERE sequence = ?",
						row.get("reason"), row.get("entry_hash"), row.get("chain_hash"), row.get("sequence"))));
		}
		assertThat(trail.verify(committed)).isEmpty();
	}

	@Test
	@Order(5)
	void aDeletedNewestRecordIsMissed() {
		AuditHead newest = committed.get(committed.size() - 1);
		rewrite(() -> ledger.jdbc().update("DELETE FROM query.access_audit WHERE sequence = ?", newest.count() - 1));
		List<Problem> problems = trail.verify(committed);
		assertThat(problems).extracting(Problem::kind).containsExactly("audit-deleted");
		assertThat(problems.get(0).detail()).contains(
				"access records #" + (newest.count() - 1) + ".." + (newest.count() - 1) + " are missing",
				"committed to " + newest.count() + " records");
		assertThat(trail.head().count()).isEqualTo(newest.count() - 1);
	}

	/**
	 * An upgrade over an audit of the previous release: its records are chained by the
	 * migration in id order, as answered reads.
	 */
	@Test
	@Order(6)
	void recordsStoredBeforeTheChainAreChainedByTheMigration() {
		JdbcTemplate jdbc = ledger.jdbc();
		jdbc.execute("ALTER TABLE query.access_audit DROP COLUMN sequence, DROP COLUMN outcome, "
				+ "DROP COLUMN entry_hash, DROP COLUMN chain_hash");
		// The previous release had no duty clocks (V10), heartbeats (V11) or rebuild
		// state (V12, V13) either.
		jdbc.execute("DROP TABLE query.duty_clock, query.duty_closing, query.processor_node, query.projection_rebuild");
		jdbc.update("DELETE FROM query.flyway_schema_history WHERE version IN ('9', '10', '11', '12', '13')");
		List<Long> ids = jdbc.queryForList("SELECT id FROM query.access_audit ORDER BY id", Long.class);
		assertThat(ids).hasSizeGreaterThan(10);
		String[] args = ledger.settings()
			.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext upgraded = QueryApplication.application().run(args)) {
			assertThat(jdbc.queryForList("SELECT sequence FROM query.access_audit ORDER BY id", Long.class))
				.isEqualTo(LongStream.range(0, ids.size()).boxed().toList());
			assertThat(jdbc.queryForList("SELECT DISTINCT outcome FROM query.access_audit", String.class))
				.containsExactly("answered");
			AuditHead head = trail.head();
			assertThat(head.count()).isEqualTo(ids.size());
			assertThat(trail.verify(List.of(head))).isEmpty();
			assertThatThrownBy(() -> jdbc.update("UPDATE query.access_audit SET reason = 'x' WHERE sequence = 0"))
				.hasMessageContaining("append-only");
		}
	}

	/** Recomputes the entry and chain hashes of the records from {@code sequence} on. */
	private static void recomputeFrom(long sequence) {
		JdbcTemplate jdbc = ledger.jdbc();
		AuditHead head = (sequence == 0) ? AuditHead.EMPTY : new AuditHead(sequence, jdbc.queryForObject(
				"SELECT chain_hash FROM query.access_audit WHERE sequence = ?", byte[].class, sequence - 1));
		List<AuditChain.Entry> entries = jdbc.query(
				"SELECT " + AuditChain.Entry.COLUMNS + " FROM query.access_audit WHERE sequence >= ? ORDER BY sequence",
				(row, n) -> AuditChain.Entry.fromRow(row), sequence);
		for (AuditChain.Entry entry : entries) {
			head = entry.after(head);
			jdbc.update("UPDATE query.access_audit SET entry_hash = ?, chain_hash = ? WHERE sequence = ?", entry.hash(),
					head.hash(), entry.sequence());
		}
	}

	/** Runs a change as the database's owner, with the append-only trigger off. */
	private static void rewrite(Runnable change) {
		ledger.jdbc().execute("ALTER TABLE query.access_audit DISABLE TRIGGER access_audit_append_only");
		try {
			change.run();
		}
		finally {
			ledger.jdbc().execute("ALTER TABLE query.access_audit ENABLE TRIGGER access_audit_append_only");
		}
	}

	private static String reason(long sequence) {
		return ledger.jdbc()
			.queryForObject("SELECT reason FROM query.access_audit WHERE sequence = ?", String.class, sequence);
	}

	private static long count() {
		return ledger.jdbc().queryForObject("SELECT count(*) FROM query.access_audit", Long.class);
	}

	/** {@code ledger.audit.refusals.unrecorded}, every cause. */
	private static double unrecorded() {
		JsonNode metric = ledger
			.send("GET", ledger.queryUrl() + "/actuator/metrics/ledger.audit.refusals.unrecorded",
					Map.of("Authorization", RunningLedger.basic("admin", "admin-demo")))
			.body();
		return metric.path("measurements").path(0).path("value").asDouble();
	}

	private static int get(String path, Map<String, String> headers) {
		return ledger.send("GET", ledger.queryUrl() + path, headers).status();
	}

}
