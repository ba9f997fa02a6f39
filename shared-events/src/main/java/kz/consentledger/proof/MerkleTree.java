package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
		int k = (int) split(n);
		return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
	}

	/**
	 * The audit path of leaf {@code index}, from the leaf's sibling up to the root's
	 * child.
	 */
	public static List<byte[]> auditPath(List<byte[]> leafHashes, int index) {
		return inclusionProof(index, leafHashes.size(), over(leafHashes));
	}

	/**
	 * The subtree hashes of a tree held in memory. Subtrees of more than 64 leaves are
	 * remembered: the proofs of many leaves of one tree (an export) share them.
	 */
	public static SubtreeHashes over(List<byte[]> leafHashes) {
		Map<Long, byte[]> remembered = new HashMap<>();
		return new SubtreeHashes() {

			@Override
			public byte[] hash(long from, long to) {
				long n = to - from;
				if (n <= 64) {
					return root(leafHashes, Math.toIntExact(from), Math.toIntExact(to));
				}
				// A range is named by its first leaf and its size: the tree's ranges
				// never share both.
				long key = (from << 31) ^ n;
				byte[] hash = remembered.get(key);
				if (hash == null) {
					long k = split(n);
					hash = nodeHash(hash(from, from + k), hash(from + k, to));
					remembered.put(key, hash);
				}
				return hash;
			}

		};
	}

	/**
	 * The inclusion proof of leaf {@code index} in the tree of the first {@code size}
	 * leaves (RFC 9162 2.1.3.1), from the leaf's sibling up to the root's child.
	 */
	public static List<byte[]> inclusionProof(long index, long size, SubtreeHashes tree) {
		if (index < 0 || index >= size) {
			throw new IllegalArgumentException("leaf " + index + " is outside a tree of " + size);
		}
		List<byte[]> path = new ArrayList<>();
		inclusionProof(index, 0, size, tree, path);
		return path;
	}

	private static void inclusionProof(long index, long from, long to, SubtreeHashes tree, List<byte[]> path) {
		long n = to - from;
		if (n == 1) {
			return;
		}
		long k = split(n);
		if (index < k) {
			inclusionProof(index, from, from + k, tree, path);
			path.add(tree.hash(from + k, to));
		}
		else {
			inclusionProof(index - k, from + k, to, tree, path);
			path.add(tree.hash(from, from + k));
		}
	}

	/**
	 * The consistency proof from the tree of the first {@code oldSize} leaves to the tree
	 * of the first {@code newSize} (RFC 9162 2.1.4.1); empty when the old tree is empty
	 * or the same.
	 */
	public static List<byte[]> consistencyProof(long oldSize, long newSize, SubtreeHashes tree) {
		if (oldSize < 0 || oldSize > newSize) {
			throw new IllegalArgumentException("no consistency proof from " + oldSize + " to " + newSize + " leaves");
		}
		List<byte[]> proof = new ArrayList<>();
		if (oldSize > 0 && oldSize < newSize) {
			subproof(oldSize, 0, newSize, true, tree, proof);
		}
		return proof;
	}

	private static void subproof(long m, long from, long to, boolean complete, SubtreeHashes tree, List<byte[]> proof) {
		long n = to - from;
		if (m == n) {
			if (!complete) {
				proof.add(tree.hash(from, to));
			}
			return;
		}
		long k = split(n);
		if (m <= k) {
			subproof(m, from, from + k, complete, tree, proof);
			proof.add(tree.hash(from + k, to));
		}
		else {
			subproof(m - k, from + k, to, false, tree, proof);
			proof.add(tree.hash(from, from + k));
		}
	}

	/**
	 * Whether {@code proof} shows that the tree of {@code newSize} leaves with root
	 * {@code newRoot} extends the tree of {@code oldSize} leaves with root
	 * {@code oldRoot} (RFC 9162 2.1.4.2). An empty old tree is extended by every tree; a
	 * tree of the same size only by itself.
	 */
	public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
			List<byte[]> proof) {
		if (oldSize < 0 || oldSize > newSize) {
			return false;
		}
		if (oldSize == 0) {
			return proof.isEmpty();
		}
		if (oldSize == newSize) {
			return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
		}
		if (proof.isEmpty()) {
			return false;
		}
		List<byte[]> path = new ArrayList<>(proof);
		if (Long.bitCount(oldSize) == 1) {
			path.add(0, oldRoot);
		}
		long fn = oldSize - 1;
		long sn = newSize - 1;
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		byte[] fr = path.get(0);
		byte[] sr = path.get(0);
		for (byte[] c : path.subList(1, path.size())) {
			if (sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = nodeHash(c, fr);
				sr = nodeHash(c, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				sr = nodeHash(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot);
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

	/** The largest power of two smaller than {@code n} (n > 1). */
	private static long split(long n) {
		return Long.highestOneBit(n - 1);
	}

	/**
	 * The hashes of a tree's subtrees by leaf range: how proofs read a tree that is not
	 * held in memory.
	 */
	@FunctionalInterface
	public interface SubtreeHashes {

		/** MTH over leaves {@code from} (inclusive) to {@code to} (exclusive). */
		byte[] hash(long from, long to);

	}

}
