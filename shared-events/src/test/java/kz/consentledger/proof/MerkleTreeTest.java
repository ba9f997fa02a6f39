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

}
