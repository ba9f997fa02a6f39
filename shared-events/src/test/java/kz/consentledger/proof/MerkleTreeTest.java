package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6962 conformance: the roots of the certificate-transparency reference test vectors,
 * and inclusion proofs for every leaf of every tree up to 33 leaves.
 */
class MerkleTreeTest {

	private static final String[] LEAVES = { "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
			"606162636465666768696a6b6c6d6e6f" };

	private static final String[] ROOTS = { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
			"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
			"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
			"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
			"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
			"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
			"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" };

	@Test
	void rootsMatchTheReferenceVectors() {
		List<byte[]> leaves = new ArrayList<>();
		for (int n = 0; n < LEAVES.length; n++) {
			leaves.add(MerkleTree.leafHash(Hashes.unhex(LEAVES[n])));
			assertThat(Hashes.hex(MerkleTree.root(leaves))).as("root of %d leaves", n + 1).isEqualTo(ROOTS[n]);
		}
	}

	@Test
	void everyInclusionProofLeadsToTheRootAndNoWrongOneDoes() {
		for (int size = 1; size <= 33; size++) {
			List<byte[]> leaves = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				leaves.add(MerkleTree.leafHash(new byte[] { (byte) i }));
			}
			byte[] root = MerkleTree.root(leaves);
			for (int index = 0; index < size; index++) {
				List<byte[]> path = MerkleTree.auditPath(leaves, index);
				assertThat(MerkleTree.rootFromAuditPath(leaves.get(index), index, size, path)).isEqualTo(root);
				int other = (index + 1) % size;
				if (other != index) {
					assertThat(MerkleTree.rootFromAuditPath(leaves.get(other), index, size, path))
						.as("leaf %d with the proof of %d in a tree of %d", other, index, size)
						.isNotEqualTo(root);
				}
				if (!path.isEmpty()) {
					List<byte[]> shortened = path.subList(0, path.size() - 1);
					assertThat(MerkleTree.rootFromAuditPath(leaves.get(index), index, size, shortened))
						.isNotEqualTo(root);
				}
			}
		}
	}

	/**
	 * The consistency proofs of the reference vectors (the certificate-transparency and
	 * transparency-dev test data for the eight-leaf tree above).
	 */
	@Test
	void consistencyProofsMatchTheReferenceVectors() {
		List<byte[]> leaves = new ArrayList<>();
		for (String leaf : LEAVES) {
			leaves.add(MerkleTree.leafHash(Hashes.unhex(leaf)));
		}
		MerkleTree.SubtreeHashes tree = MerkleTree.over(leaves);
		assertThat(hex(MerkleTree.consistencyProof(1, 1, tree))).isEmpty();
		assertThat(hex(MerkleTree.consistencyProof(1, 8, tree))).containsExactly(
				"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
		assertThat(hex(MerkleTree.consistencyProof(6, 8, tree))).containsExactly(
				"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
				"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
				"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
		assertThat(hex(MerkleTree.consistencyProof(2, 5, tree))).containsExactly(
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
	}

	@Test
	void everyConsistencyProofVerifiesAndNoAlteredOneDoes() {
		List<byte[]> leaves = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			leaves.add(MerkleTree.leafHash(new byte[] { (byte) i, (byte) (i * 7) }));
		}
		MerkleTree.SubtreeHashes tree = MerkleTree.over(leaves);
		for (int n = 1; n <= leaves.size(); n++) {
			byte[] newRoot = MerkleTree.root(leaves.subList(0, n));
			for (int m = 0; m <= n; m++) {
				byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
				List<byte[]> proof = MerkleTree.consistencyProof(m, n, tree);
				assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof)).as("%d to %d", m, n).isTrue();
				if (m == 0 || m == n) {
					continue;
				}
				// Another old tree of the same size (one leaf changed) is not extended.
				List<byte[]> forked = new ArrayList<>(leaves.subList(0, m));
				forked.set(m - 1, MerkleTree.leafHash(new byte[] { 42 }));
				assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(forked), newRoot, proof)).isFalse();
				assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, oldRoot, proof)).isFalse();
				for (int i = 0; i < proof.size(); i++) {
					List<byte[]> altered = new ArrayList<>(proof);
					altered.set(i, MerkleTree.leafHash(new byte[] { 1, 2, 3 }));
					assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, altered)).isFalse();
					assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof.subList(0, i))).isFalse();
				}
			}
		}
		assertThat(MerkleTree.verifyConsistency(3, 2, MerkleTree.root(leaves.subList(0, 3)),
				MerkleTree.root(leaves.subList(0, 2)), List.of()))
			.isFalse();
	}

	@Test
	void inclusionProofsFromSubtreeHashesVerify() {
		List<byte[]> leaves = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			leaves.add(MerkleTree.leafHash(new byte[] { (byte) i }));
		}
		for (int size = 1; size <= leaves.size(); size++) {
			byte[] root = MerkleTree.root(leaves.subList(0, size));
			for (int index = 0; index < size; index++) {
				List<byte[]> path = MerkleTree.inclusionProof(index, size, MerkleTree.over(leaves));
				assertThat(MerkleTree.rootFromAuditPath(leaves.get(index), index, size, path)).isEqualTo(root);
			}
		}
	}

	private static List<String> hex(List<byte[]> hashes) {
		return hashes.stream().map(Hashes::hex).toList();
	}

}
