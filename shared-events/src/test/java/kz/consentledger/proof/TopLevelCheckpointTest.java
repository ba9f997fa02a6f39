package kz.consentledger.proof;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import kz.consentledger.proof.note.TreeHead;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The top-level checkpoint: one line per shard head, in origin order, and a root over
 * them that a reader recomputes from the note alone.
 */
class TopLevelCheckpointTest {

	private static final String TOP = "consent-ledger.local/ledger/shards";

	private static final TreeHead A = new TreeHead("consent-ledger.local/ledger/kz-a", 42,
			Hashes.sha256(new byte[] { 1 }), List.of("heads x"));

	private static final TreeHead B = new TreeHead("consent-ledger.local/ledger/kz-b", 0, MerkleTree.root(List.of()),
			List.of());

	private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

	private static final byte[] MAP = Hashes.sha256(new byte[] { 3 });

	private static TopLevelCheckpoint of(TreeHead... heads) {
		return new TopLevelCheckpoint(TOP, AT, MAP, List.of(heads));
	}

	private static String line(TreeHead head) {
		return head.origin() + " " + head.size() + " " + Base64.getEncoder().encodeToString(head.root());
	}

	@Test
	void theBodyListsEachShardsHeadUnderARootOverTheLines() {
		TopLevelCheckpoint checkpoint = of(B, A);
		byte[] root = MerkleTree.nodeHash(MerkleTree.leafHash(line(A).getBytes(StandardCharsets.UTF_8)),
				MerkleTree.leafHash(line(B).getBytes(StandardCharsets.UTF_8)));
		assertThat(checkpoint.body())
			.isEqualTo(TOP + "\n2\n" + Base64.getEncoder().encodeToString(root) + "\ntime 2026-12-07T10:00:00Z\nmap "
					+ Base64.getEncoder().encodeToString(MAP) + "\n" + line(A) + "\n" + line(B) + "\n");
		TopLevelCheckpoint parsed = TopLevelCheckpoint.parse(checkpoint.body());
		assertThat(parsed.headOf(A.origin())).hasValueSatisfying((head) -> {
			assertThat(head.size()).isEqualTo(42);
			assertThat(head.root()).isEqualTo(A.root());
		});
		assertThat(parsed.headOf("consent-ledger.local/ledger/kz-c")).isEmpty();
		assertThat(parsed.body()).isEqualTo(checkpoint.body());
		assertThat(parsed.sealedAt()).isEqualTo(AT);
		assertThat(parsed.mapDigest()).isEqualTo(MAP);
	}

	@Test
	void aBodyWhoseRootOrSizeOrOrderIsNotThatOfItsLinesIsRefused() {
		String body = of(A, B).body();
		String[] lines = body.split("\n");
		String otherRoot = body.replace(lines[2], Base64.getEncoder().encodeToString(Hashes.sha256(new byte[] { 9 })));
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(otherRoot))
			.withMessageContaining("not that of its shard lines");
		String otherSize = body.replaceFirst("\n2\n", "\n3\n");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(otherSize))
			.withMessageContaining("not that of its shard lines");
		String swapped = String.join("\n", lines[0], lines[1], lines[2], lines[3], lines[4], lines[6], lines[5]) + "\n";
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(swapped))
			.withMessageContaining("out of order");
		String grown = body.replace(" 42 ", " 43 ");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(grown))
			.withMessageContaining("not that of its shard lines");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(body + "not a line\n"))
			.withMessageContaining("ORIGIN SIZE ROOT");
		assertThatIllegalArgumentException().isThrownBy(() -> of(A, A)).withMessageContaining("two heads");
		String untimed = body.replace("time 2026-12-07T10:00:00Z\n", "");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(untimed))
			.withMessageContaining("\"time INSTANT\"");
		String otherTime = body.replace("2026-12-07T10:00:00Z", "2026-12-07T10:00:00.000Z");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(otherTime))
			.withMessageContaining("canonical form");
	}

}
