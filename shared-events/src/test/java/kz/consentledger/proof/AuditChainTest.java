package kz.consentledger.proof;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The access audit's hashes, byte for byte: what docs/tamper-evidence.md describes and
 * AuditTrail recomputes.
 */
class AuditChainTest {

	private static final AuditChain.Entry FIRST = new AuditChain.Entry(0,
			Instant.parse("2026-11-05T09:30:00.123456789Z"), "dpo-kinoqazaqsha", "127.0.0.1", "read-consent",
			"180440011034", "user-000417", "not stated", "/api/v1/operators/180440011034/subjects/user-000417/consents",
			"answered");

	private static final AuditChain.Entry REFUSAL = new AuditChain.Entry(1, Instant.parse("2026-11-05T09:30:01Z"),
			"anonymous", "10.0.0.7", "read-history", null, null, "\u049b\u0430\u0440\u0430\u0443 \"1\"",
			"/api/v1/operators/x/subjects/y/history", "refused 400");

	@Test
	void theCanonicalFormHoldsEveryColumnInUtcToTheMicrosecond() {
		assertThat(new String(FIRST.canonical(), StandardCharsets.UTF_8)).isEqualTo("{\"accessed_at\":"
				+ "\"2026-11-05T09:30:00.123456Z\",\"action\":\"read-consent\",\"actor\":\"dpo-kinoqazaqsha\","
				+ "\"operator\":\"180440011034\",\"outcome\":\"answered\",\"reason\":\"not stated\","
				+ "\"remote_addr\":\"127.0.0.1\","
				+ "\"request\":\"/api/v1/operators/180440011034/subjects/user-000417/consents\","
				+ "\"sequence\":0,\"subject\":\"user-000417\"}");
		assertThat(new String(REFUSAL.canonical(), StandardCharsets.UTF_8)).contains(
				"\"accessed_at\":\"2026-11-05T09:30:01.000000Z\"", "\"operator\":null", "\"subject\":null",
				"\"reason\":\"\u049b\u0430\u0440\u0430\u0443 \\\"1\\\"\"", "\"sequence\":1");
	}

	/**
	 * Fixed values, computed independently (Python hashlib and json.dumps with sorted
	 * keys): any change of the scheme breaks every stored audit chain.
	 */
	@Test
	void approvedHashes() {
		assertThat(Hashes.hex(FIRST.hash()))
			.isEqualTo("50431a688e794a762f254ce9e229fb79368d05448b24568c1065838e56fcd453");
		AuditHead second = REFUSAL.after(FIRST.after(AuditHead.EMPTY));
		assertThat(second.count()).isEqualTo(2);
		assertThat(Hashes.hex(second.hash()))
			.isEqualTo("e37b298ea3e5a9707a60f63e838d5c678b0e302d5f78f6002f03dbe5ae2a9af8");
	}

	@Test
	void theEntryAndTheLinkAreTheirOwnDomains() {
		byte[] canonical = FIRST.canonical();
		assertThat(FIRST.hash()).isEqualTo(Hashes.sha256(new byte[] { 0x04 }, canonical))
			.isNotEqualTo(Hashes.sha256(canonical))
			.isNotEqualTo(MerkleTree.leafHash(canonical));
		byte[] entry = FIRST.hash();
		assertThat(AuditChain.link(Hashes.GENESIS, entry))
			.isEqualTo(Hashes.sha256(new byte[] { 0x05 }, Hashes.GENESIS, entry))
			.isNotEqualTo(Chain.ledgerLink(Hashes.GENESIS, entry))
			.isNotEqualTo(Chain.streamLink(Hashes.GENESIS, entry));
	}

	@Test
	void everyColumnCounts() {
		byte[] hash = FIRST.hash();
		AuditChain.Entry[] changed = {
				new AuditChain.Entry(1, FIRST.accessedAt(), FIRST.actor(), FIRST.remoteAddr(), FIRST.action(),
						FIRST.operator(), FIRST.subject(), FIRST.reason(), FIRST.request(), FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt().plusNanos(1000), FIRST.actor(), FIRST.remoteAddr(),
						FIRST.action(), FIRST.operator(), FIRST.subject(), FIRST.reason(), FIRST.request(),
						FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), "regulator", FIRST.remoteAddr(), FIRST.action(),
						FIRST.operator(), FIRST.subject(), FIRST.reason(), FIRST.request(), FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), FIRST.actor(), null, FIRST.action(), FIRST.operator(),
						FIRST.subject(), FIRST.reason(), FIRST.request(), FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), FIRST.actor(), FIRST.remoteAddr(), "read-history",
						FIRST.operator(), FIRST.subject(), FIRST.reason(), FIRST.request(), FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), FIRST.actor(), FIRST.remoteAddr(), FIRST.action(),
						"190840027812", FIRST.subject(), FIRST.reason(), FIRST.request(), FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), FIRST.actor(), FIRST.remoteAddr(), FIRST.action(),
						FIRST.operator(), "user-000418", FIRST.reason(), FIRST.request(), FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), FIRST.actor(), FIRST.remoteAddr(), FIRST.action(),
						FIRST.operator(), FIRST.subject(), "case 7", FIRST.request(), FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), FIRST.actor(), FIRST.remoteAddr(), FIRST.action(),
						FIRST.operator(), FIRST.subject(), FIRST.reason(), FIRST.request() + "?", FIRST.outcome()),
				new AuditChain.Entry(0, FIRST.accessedAt(), FIRST.actor(), FIRST.remoteAddr(), FIRST.action(),
						FIRST.operator(), FIRST.subject(), FIRST.reason(), FIRST.request(), "refused 403") };
		for (AuditChain.Entry entry : changed) {
			assertThat(entry.hash()).as(entry.toString()).isNotEqualTo(hash);
		}
		// A column left empty is not the text "null".
		AuditChain.Entry nullText = new AuditChain.Entry(1, REFUSAL.accessedAt(), REFUSAL.actor(), REFUSAL.remoteAddr(),
				REFUSAL.action(), "null", REFUSAL.subject(), REFUSAL.reason(), REFUSAL.request(), REFUSAL.outcome());
		assertThat(nullText.hash()).isNotEqualTo(REFUSAL.hash());
	}

	@Test
	void aRecordFollowsOnlyTheHeadBeforeIt() {
		AuditHead first = FIRST.after(AuditHead.EMPTY);
		assertThat(first).isEqualTo(new AuditHead(1, AuditChain.link(Hashes.GENESIS, FIRST.hash())));
		assertThatIllegalArgumentException().isThrownBy(() -> REFUSAL.after(AuditHead.EMPTY))
			.withMessageContaining("record #1 cannot follow a chain of 0 records");
		assertThatIllegalArgumentException().isThrownBy(() -> FIRST.after(first));
	}

}
