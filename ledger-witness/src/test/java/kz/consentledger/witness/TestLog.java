package kz.consentledger.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;

/**
 * A log for the tests: leaves "leaf i", its signed checkpoints and consistency proofs.
 */
final class TestLog {

	final String origin;

	final NoteSigner signer;

	private final List<byte[]> leaves = new ArrayList<>();

	TestLog(String origin) {
		this.origin = origin;
		this.signer = NoteSigner.ed25519(origin, LedgerKeys.generate());
		for (int i = 0; i < 64; i++) {
			this.leaves.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
		}
	}

	byte[] root(int size) {
		return MerkleTree.root(this.leaves.subList(0, size));
	}

	SignedNote checkpoint(int size, String... extensions) {
		TreeHead head = new TreeHead(this.origin, size, root(size), List.of(extensions));
		return new SignedNote(head.body(), List.of(this.signer.sign(head.body(), 0)));
	}

	List<byte[]> proof(int oldSize, int newSize) {
		return MerkleTree.consistencyProof(oldSize, newSize, MerkleTree.over(this.leaves.subList(0, newSize)));
	}

	static String request(long oldSize, List<byte[]> proof, SignedNote checkpoint) {
		StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
		proof.forEach((hash) -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
		return body.append('\n').append(checkpoint.text()).toString();
	}

	String request(int oldSize, int newSize) {
		return request(oldSize, proof(oldSize, newSize), checkpoint(newSize));
	}

}
