package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Merkle tree hashes and inclusion proofs as defined by RFC 6962 section 2.1 (and RFC
 * 9162 section 2.1.3.2 for verification): leaves are hashed with a 0x00 prefix, nodes
 * with 0x01, and a tree of n leaves splits at the largest power of two below n.
 */
public final class MerkleTree {

	private static final byte[] LEAF = { 0x00 };

	private static final byte[] NODE = { 0x01 };

	private MerkleTree() {
	}

	public static byte[] leafHash(byte[] leafData) {
		return Hashes.sha256(LEAF, leafData);
	}

	public static byte[] nodeHash(byte[] left, byte[] right) {
		return Hashes.sha256(NODE, left, right);
	}

	/** MTH over the leaf hashes (not the leaf data). */
	public static byte[] root(List<byte[]> leafHashes) {
		if (leafHashes.isEmpty()) {
			return Hashes.sha256();
		}
		return root(leafHashes, 0, leafHashes.size());
	}

	private static byte[] root(List<byte[]> leaves, int from, int to) {
		int n = to - from;
		if (n == 1) {
			return leaves.get(from);
		}
		int k = split(n);
		return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
	}

	/**
	 * The audit path of leaf {@code index}, from the leaf's sibling up to the root's
	 * child.
	 */
	public static List<byte[]> auditPath(List<byte[]> leafHashes, int index) {
		if (index < 0 || index >= leafHashes.size()) {
			throw new IllegalArgumentException("leaf " + index + " is outside a tree of " + leafHashes.size());
		}
		List<byte[]> path = new ArrayList<>();
		auditPath(leafHashes, index, 0, leafHashes.size(), path);
		return path;
	}

	private static void auditPath(List<byte[]> leaves, int index, int from, int to, List<byte[]> path) {
		int n = to - from;
		if (n == 1) {
			return;
		}
		int k = split(n);
		if (index < k) {
			auditPath(leaves, index, from, from + k, path);
			path.add(root(leaves, from + k, to));
		}
		else {
			auditPath(leaves, index - k, from + k, to, path);
			path.add(root(leaves, from, from + k));
		}
	}

	/**
	 * The root that an inclusion proof leads to (RFC 9162 2.1.3.2); the proof holds when
	 * it equals the signed root. Returns {@code null} when the path has the wrong length.
	 */
	public static byte[] rootFromAuditPath(byte[] leafHash, long index, long size, List<byte[]> path) {
		if (index < 0 || index >= size) {
			return null;
		}
		long fn = index;
		long sn = size - 1;
		byte[] r = leafHash;
		for (byte[] p : path) {
			if (sn == 0) {
				return null;
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = nodeHash(p, r);
				if ((fn & 1) == 0) {
					while ((fn & 1) == 0 && fn != 0) {
						fn >>= 1;
						sn >>= 1;
					}
				}
			}
			else {
				r = nodeHash(r, p);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return (sn == 0) ? r : null;
	}

	private static int split(int n) {
		return Integer.highestOneBit(n - 1);
	}

}
