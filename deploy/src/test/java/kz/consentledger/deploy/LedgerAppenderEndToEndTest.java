package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import kz.consentledger.command.append.AppendRequest;
import kz.consentledger.command.append.ConflictingReuseException;
import kz.consentledger.command.append.IdempotencyKey;
import kz.consentledger.command.append.LedgerAppender;
import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.events.Provenance;
import kz.consentledger.proof.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static kz.consentledger.command.append.AppendOutcome.APPENDED;
import static kz.consentledger.command.append.AppendOutcome.CONFLICT;
import static kz.consentledger.command.append.AppendOutcome.DUPLICATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A command that does not come from a CloudEvent (one the ledger issues itself) enters
 * the same append transaction as ingested events: appended once by its key, recorded in
 * the ingestion log under a keyed digest of its content, a reuse with other content
 * refused; a row from before the keyed digest is still recognised.
 */
class LedgerAppenderEndToEndTest {

	private static final String SOURCE = "urn:consent-ledger:test";

	private static RunningLedger ledger;

	private static LedgerAppender appender;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("ledger_appender");
		appender = ledger.commandBean(LedgerAppender.class);
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	void aRequestIsAppendedOnceByItsKey() {
		AppendRequest request = publication("once", "2026-01", "a");
		long before = ledger.storedEvents();

		assertThat(appender.append(List.of(request, request), false)).containsExactly(APPENDED, DUPLICATE);
		assertThat(appender.append(List.of(request), true)).containsExactly(DUPLICATE);

		assertThat(ledger.storedEvents()).isEqualTo(before + 1);
		assertThat(ledger.jdbc()
			.queryForMap("SELECT type, operator, subject, content_digest_kind FROM ledger.ingested_event"
					+ " WHERE source = ? AND event_id = ?", SOURCE, "once"))
			.containsEntry("type", "ledger.test")
			.containsEntry("operator", ExampleStory.OPERATOR)
			.containsEntry("subject", null)
			.containsEntry("content_digest_kind", "hmac-sha256");
		// Keyed by the master key's secret: whoever reads the log cannot try guesses
		// against it.
		assertThat(digestOf("once")).matches("[0-9a-f]{64}").isNotEqualTo(sha256("a"));
	}

	@Test
	void aRowFromBeforeTheKeyedDigestIsStillRecognisedByItsPlainSha256() {
		ledger.jdbc()
			.update("INSERT INTO ledger.ingested_event (source, event_id, type, operator, subject, content_sha256,"
					+ " content_digest_kind, received_at) VALUES (?, 'legacy', 'ledger.test', ?, NULL, ?, 'sha256',"
					+ " now())", SOURCE, ExampleStory.OPERATOR, sha256("e"));
		long before = ledger.storedEvents();

		assertThat(appender.append(List.of(publication("legacy", "2026-05", "e")), false)).containsExactly(DUPLICATE);
		assertThat(appender.append(List.of(publication("legacy", "2026-05", "f")), false)).containsExactly(CONFLICT);
		assertThat(ledger.storedEvents()).isEqualTo(before);
		assertThat(digestOf("legacy")).isEqualTo(sha256("e"));
	}

	@Test
	void aKeyReusedWithOtherContentIsAConflict() {
		appender.append(List.of(publication("reused", "2026-02", "b")), false);
		long before = ledger.storedEvents();
		List<AppendRequest> batch = List.of(publication("new", "2026-03", "c"), publication("reused", "2026-04", "d"));

		assertThatExceptionOfType(ConflictingReuseException.class).isThrownBy(() -> appender.append(batch, true))
			.satisfies((ex) -> assertThat(ex.conflicts()).containsExactly(new IdempotencyKey(SOURCE, "reused")));
		assertThat(ledger.storedEvents()).isEqualTo(before);

		assertThat(appender.append(batch, false)).containsExactly(APPENDED, CONFLICT);
		assertThat(ledger.storedEvents()).isEqualTo(before + 1);
	}

	private static AppendRequest publication(String id, String version, String content) {
		Instant at = Instant.parse("2026-01-01T00:00:00Z");
		PublishPolicyVersion command = new PublishPolicyVersion(ExampleStory.OPERATOR, version, at, 7, List.of(),
				List.of("service-provision"), List.of("contact"), List.of(), "KZ", null, false,
				new Provenance(SOURCE, id, at, at));
		return new AppendRequest(new IdempotencyKey(SOURCE, id), "ledger.test",
				content.getBytes(StandardCharsets.UTF_8), command);
	}

	private static String sha256(String content) {
		return Hashes.hex(Hashes.sha256(content.getBytes(StandardCharsets.UTF_8)));
	}

	private static String digestOf(String id) {
		return ledger.jdbc()
			.queryForObject("SELECT content_sha256 FROM ledger.ingested_event WHERE source = ? AND event_id = ?",
					String.class, SOURCE, id);
	}

}
