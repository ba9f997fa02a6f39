package kz.consentledger.proof;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams in id order, each at its longest; the root changes with any head. */
class StreamHeadsTest {

	@Test
	void aStreamIsAtItsNewestHeadAndInIdOrder() {
		StreamHeads heads = new StreamHeads();
		heads.put(new StreamHeads.Head("b", 1, Hashes.sha256(new byte[] { 1 }), 0));
		heads.put(new StreamHeads.Head("a", 1, Hashes.sha256(new byte[] { 2 }), 1));
		heads.put(new StreamHeads.Head("b", 2, Hashes.sha256(new byte[] { 3 }), 2));
		heads.put(new StreamHeads.Head("b", 1, Hashes.sha256(new byte[] { 1 }), 0));
		assertThat(heads.size()).isEqualTo(2);
		assertThat(heads.get("b").length()).isEqualTo(2);
		assertThat(heads.indexOf("a")).isZero();
		assertThat(heads.indexOf("b")).isEqualTo(1);
		assertThat(heads.indexOf("c")).isEqualTo(-1);
		byte[] root = heads.root();
		List<byte[]> leaves = heads.leafHashes();
		assertThat(MerkleTree.rootFromAuditPath(heads.get("b").leafHash(), 1, 2,
				MerkleTree.inclusionProof(1, 2, MerkleTree.over(leaves))))
			.isEqualTo(root);
		StreamHeads shorter = new StreamHeads(
				List.of(heads.get("a"), new StreamHeads.Head("b", 1, Hashes.sha256(new byte[] { 1 }), 0)));
		assertThat(shorter.root()).isNotEqualTo(root);
	}

}
