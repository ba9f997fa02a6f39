package kz.consentledger.proof;

import java.nio.charset.StandardCharsets;
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

	private static String line(TreeHead head) {
		return head.origin() + " " + head.size() + " " + Base64.getEncoder().encodeToString(head.root());
	}

	@Test
	void theBodyListsEachShardsHeadUnderARootOverTheLines() {
		TopLevelCheckpoint checkpoint = new TopLevelCheckpoint(TOP, List.of(B, A));
		byte[] root = MerkleTree.nodeHash(MerkleTree.leafHash(line(A).getBytes(StandardCharsets.UTF_8)),
				MerkleTree.leafHash(line(B).getBytes(StandardCharsets.UTF_8)));
		assertThat(checkpoint.body()).isEqualTo(
				TOP + "\n2\n" + Base64.getEncoder().encodeToString(root) + "\n" + line(A) + "\n" + line(B) + "\n");
		TopLevelCheckpoint parsed = TopLevelCheckpoint.parse(checkpoint.body());
		assertThat(parsed.headOf(A.origin())).hasValueSatisfying((head) -> {
			assertThat(head.size()).isEqualTo(42);
			assertThat(head.root()).isEqualTo(A.root());
		});
		assertThat(parsed.headOf("consent-ledger.local/ledger/kz-c")).isEmpty();
		assertThat(parsed.body()).isEqualTo(checkpoint.body());
	}

	@Test
	void aBodyWhoseRootOrSizeOrOrderIsNotThatOfItsLinesIsRefused() {
		String body = new TopLevelCheckpoint(TOP, List.of(A, B)).body();
		String[] lines = body.split("\n");
		String otherRoot = body.replace(lines[2], Base64.getEncoder().encodeToString(Hashes.sha256(new byte[] { 9 })));
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(otherRoot))
			.withMessageContaining("not that of its shard lines");
		String otherSize = body.replaceFirst("\n2\n", "\n3\n");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(otherSize))
			.withMessageContaining("not that of its shard lines");
		String swapped = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[4] + "\n" + lines[3] + "\n";
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(swapped))
			.withMessageContaining("out of order");
		String grown = body.replace(" 42 ", " 43 ");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(grown))
			.withMessageContaining("not that of its shard lines");
		assertThatIllegalArgumentException().isThrownBy(() -> TopLevelCheckpoint.parse(body + "not a line\n"))
			.withMessageContaining("ORIGIN SIZE ROOT");
		assertThatIllegalArgumentException().isThrownBy(() -> new TopLevelCheckpoint(TOP, List.of(A, A)))
			.withMessageContaining("two heads");
	}

}
