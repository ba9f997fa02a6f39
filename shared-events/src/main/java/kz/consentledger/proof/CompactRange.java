package kz.consentledger.proof;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an RFC 6962 tree of {@code size} leaves: the roots of its perfect
 * subtrees, largest first (one per set bit of the size). It extends the tree leaf by leaf
 * in logarithmic time and memory, gives the root at any time, and, with the leaves added
 * after it, every hash of a consistency proof from its size.
 */
public final class CompactRange {

	private long size;

	/** Roots of the perfect subtrees, largest (leftmost) first. */
	private final List<byte[]> roots;

	private CompactRange(long size, List<byte[]> roots) {
		this.size = size;
		this.roots = roots;
	}

	public static CompactRange empty() {
		return new CompactRange(0, new ArrayList<>());
	}

	/** The range stored by {@link #toBytes()} for a tree of {@code size} leaves. */
	public static CompactRange of(long size, byte[] bytes) {
		if (size < 0 || bytes.length != Long.bitCount(size) * 32) {
			throw new IllegalArgumentException("a compact range of " + size + " leaves has " + Long.bitCount(size)
					+ " hashes, not " + bytes.length / 32.0);
		}
		List<byte[]> roots = new ArrayList<>();
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			byte[] root = new byte[32];
			buffer.get(root);
			roots.add(root);
		}
		return new CompactRange(size, roots);
	}

	public CompactRange copy() {
		return new CompactRange(this.size, new ArrayList<>(this.roots));
	}

	public long size() {
		return this.size;
	}

	public void append(byte[] leafHash) {
		byte[] node = leafHash;
		// Each trailing set bit of the old size is a perfect subtree the new leaf
		// completes.
		for (long s = this.size; (s & 1) == 1; s >>= 1) {
			node = MerkleTree.nodeHash(this.roots.remove(this.roots.size() - 1), node);
		}
		this.roots.add(node);
		this.size++;
	}

	/** MTH of the whole tree: the subtree roots folded from the right. */
	public byte[] root() {
		if (this.roots.isEmpty()) {
			return Hashes.sha256();
		}
		byte[] root = this.roots.get(this.roots.size() - 1);
		for (int i = this.roots.size() - 2; i >= 0; i--) {
			root = MerkleTree.nodeHash(this.roots.get(i), root);
		}
		return root;
	}

	public byte[] toBytes() {
		ByteBuffer buffer = ByteBuffer.allocate(this.roots.size() * 32);
		this.roots.forEach(buffer::put);
		return buffer.array();
	}

	/**
	 * The subtree hashes of the tree this range had, extended by {@code later} leaves: a
	 * consistency proof from this range's size reads the perfect subtrees it holds and
	 * ranges of the later leaves, never anything else.
	 */
	public MerkleTree.SubtreeHashes extendedBy(List<byte[]> later) {
		List<Long> starts = new ArrayList<>();
		long start = 0;
		for (int i = 0; i < this.roots.size(); i++) {
			starts.add(start);
			start += Long.highestOneBit(this.size - start);
		}
		long from0 = this.size;
		return (from, to) -> {
			if (from >= from0) {
				return MerkleTree.root(later.subList(Math.toIntExact(from - from0), Math.toIntExact(to - from0)));
			}
			int index = starts.indexOf(from);
			if (index >= 0 && to == from + Long.highestOneBit(this.size - from)) {
				return this.roots.get(index);
			}
			throw new IllegalArgumentException(
					"subtree " + from + ".." + to + " is neither a perfect subtree of " + from0 + " leaves nor later");
		};
	}

}
