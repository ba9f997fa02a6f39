package kz.consentledger.deploy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subject that is not in the cache of decision states is sourced from the store, in the
 * batch's one query (which reads the payloads of grants and withdrawals and the time and
 * purpose stored beside each disclosure, ADR 0028), and is judged exactly as if it had
 * stayed in memory. The cache holds one subject, so every other subject's event evicts
 * the story's subject; its stream holds 112 events, with the grant first and the
 * withdrawal last.
 */
class EvictedStreamEndToEndTest {

	private static final String BATCH = "application/cloudevents-batch+json";

	private static final String STRUCTURED = "application/cloudevents+json";

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("evicted_stream", Map.of("ledger.store.aggregate-cache-entries", "1"));
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	void anEvictedSubjectIsJudgedByItsWholeStream() {
		post(STRUCTURED, ExampleStory.bytes("policy-published.json"));
		post(STRUCTURED, ExampleStory.bytes("granted.json"));
		ArrayNode disclosures = ExampleStory.JSON.createArrayNode();
		OffsetDateTime first = OffsetDateTime.parse("2026-10-05T00:00:00+05:00");
		for (int i = 0; i < 110; i++) {
			ObjectNode disclosure = ExampleStory.json("data-shared.json");
			disclosure.put("id", "notification-" + i);
			disclosure.put("time", first.plusMinutes(i).toString());
			disclosures.add(disclosure);
		}
		post(BATCH, ExampleStory.JSON.writeValueAsBytes(disclosures));
		// Marketing is withdrawn in the subject's 112th event, after the first 100.
		post(STRUCTURED, ExampleStory.bytes("withdrawn.json"));

		evictTheSubject(1);
		// Before the withdrawal, under the grant (the subject's first event).
		post(STRUCTURED, marketing("marketing-under-the-grant", "2026-10-20T12:00:00+05:00"));

		evictTheSubject(2);
		// After the withdrawal and its 15 working days.
		post(STRUCTURED, marketing("marketing-after-the-withdrawal", "2026-12-20T12:00:00+05:00"));

		assertThat(ledger.storedEvents()).isEqualTo(1 + 1 + 110 + 1 + 1 + 1 + 1 + 1);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(verdicts()).containsExactly(
					Map.of("event_id", "marketing-after-the-withdrawal", "verdict", "violation"),
					Map.of("event_id", "marketing-under-the-grant", "verdict", "ok"),
					Map.of("event_id", "notification-0", "verdict", "ok"),
					Map.of("event_id", "notification-109", "verdict", "ok")));
	}

	/** The example's disclosure to the granted recipient, for marketing. */
	private static byte[] marketing(String id, String time) {
		ObjectNode disclosure = ExampleStory.json("data-shared.json");
		disclosure.put("id", id);
		disclosure.put("time", time);
		((ObjectNode) disclosure.path("data")).put("purpose", "marketing");
		return ExampleStory.JSON.writeValueAsBytes(disclosure);
	}

	/** Another subject's grant takes the cache's one place. */
	private static void evictTheSubject(int n) {
		ObjectNode other = ExampleStory.json("granted.json");
		other.put("id", "other-subject-grant-" + n);
		other.put("subject", "user-000999");
		post(STRUCTURED, ExampleStory.JSON.writeValueAsBytes(other));
	}

	private static void post(String contentType, byte[] body) {
		RunningLedger.Response response = ledger.post(contentType, Map.of(), body);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		response.body()
			.path("results")
			.forEach((result) -> assertThat(result.path("status").asString()).as(result.toString())
				.isEqualTo("appended"));
	}

	private static List<Map<String, Object>> verdicts() {
		return ledger.jdbc()
			.queryForList("SELECT event_id, verdict FROM query.history_entry WHERE event_id IN"
					+ " ('marketing-after-the-withdrawal', 'marketing-under-the-grant', 'notification-0',"
					+ " 'notification-109') ORDER BY event_id");
	}

}
