package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The right edge gives the same roots as the whole tree, survives storage, and with the
 * leaves since gives every consistency proof from its size.
 */
class CompactRangeTest {

	@Test
	void rootsAndConsistencyProofsAreThoseOfTheWholeTree() {
		List<byte[]> leaves = new ArrayList<>();
		CompactRange range = CompactRange.empty();
		assertThat(range.root()).isEqualTo(MerkleTree.root(leaves));
		for (int i = 0; i < 70; i++) {
			leaves.add(MerkleTree.leafHash(new byte[] { (byte) i }));
			range.append(leaves.get(i));
			assertThat(range.root()).as("%d leaves", i + 1).isEqualTo(MerkleTree.root(leaves));
			CompactRange stored = CompactRange.of(range.size(), range.toBytes());
			assertThat(stored.root()).isEqualTo(range.root());
		}
		for (int m = 1; m < 70; m++) {
			CompactRange old = CompactRange.empty();
			leaves.subList(0, m).forEach(old::append);
			CompactRange stored = CompactRange.of(m, old.toBytes());
			for (int n = m; n <= 70; n++) {
				List<byte[]> proof = MerkleTree.consistencyProof(m, n, stored.extendedBy(leaves.subList(m, 70)));
				assertThat(proof).as("%d to %d", m, n)
					.usingElementComparator(java.util.Arrays::compare)
					.containsExactlyElementsOf(MerkleTree.consistencyProof(m, n, MerkleTree.over(leaves)));
			}
		}
	}

	@Test
	void aStoredRangeOfTheWrongLengthIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CompactRange.of(3, new byte[32]))
			.withMessageContaining("2 hashes");
	}

}
