package kz.consentledger.proof;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import kz.consentledger.proof.note.TreeHead;

/**
 * The checkpoint that covers every shard's head (issue 29, ADR 0029): a
 * c2sp.org/tlog-checkpoint body whose origin is the ledger's base origin plus
 * {@code /shards}, whose size is the number of shards and whose root is the RFC 9162
 * Merkle root over one leaf per shard, the line {@code <origin> <size> <root>} of that
 * shard's newest witnessed checkpoint, in the order of the origins. Its extension lines
 * are {@code time <instant>} (when it was sealed: the newest of several notes is the one
 * with the latest time, whatever order a table holds them in), {@code map <base64>} (the
 * SHA-256 of the shard map every shard was found to run with) and the shard lines, so a
 * reader recomputes the root from the note alone. It is not a log: its size does not
 * grow, so witnesses cosign the shards' own checkpoints, not this one.
 */
public record TopLevelCheckpoint(String origin, Instant sealedAt, byte[] mapDigest, List<TreeHead> shardHeads) {

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	public TopLevelCheckpoint {
		if (sealedAt == null) {
			throw new IllegalArgumentException("a top-level checkpoint says when it was sealed");
		}
		if (mapDigest == null || mapDigest.length != 32) {
			throw new IllegalArgumentException("the map digest is a SHA-256 hash");
		}
		mapDigest = mapDigest.clone();
		shardHeads = shardHeads.stream()
			.map((head) -> new TreeHead(head.origin(), head.size(), head.root(), List.of()))
			.sorted(Comparator.comparing(TreeHead::origin))
			.toList();
		for (int i = 1; i < shardHeads.size(); i++) {
			if (shardHeads.get(i).origin().equals(shardHeads.get(i - 1).origin())) {
				throw new IllegalArgumentException("two heads of shard " + shardHeads.get(i).origin());
			}
		}
		for (TreeHead head : shardHeads) {
			if (head.origin().contains(" ")) {
				throw new IllegalArgumentException("a shard's origin has no space: " + head.origin());
			}
		}
	}

	@Override
	public byte[] mapDigest() {
		return this.mapDigest.clone();
	}

	public TreeHead treeHead() {
		List<String> lines = shardHeads().stream().map(TopLevelCheckpoint::line).toList();
		List<String> extensions = new ArrayList<>(
				List.of("time " + this.sealedAt, "map " + BASE64.encodeToString(this.mapDigest)));
		extensions.addAll(lines);
		return new TreeHead(this.origin, lines.size(), root(lines), extensions);
	}

	public String body() {
		return treeHead().body();
	}

	/** The head this checkpoint covers of the shard whose log is {@code shardOrigin}. */
	public Optional<TreeHead> headOf(String shardOrigin) {
		return this.shardHeads.stream().filter((head) -> head.origin().equals(shardOrigin)).findFirst();
	}

	/**
	 * The claims of a body whose root matches its lines; IllegalArgumentException names
	 * what is wrong.
	 */
	public static TopLevelCheckpoint parse(String body) {
		TreeHead head = TreeHead.parse(body);
		List<String> extensions = head.extensions();
		if (extensions.size() < 2 || !extensions.get(0).startsWith("time ") || !extensions.get(1).startsWith("map ")) {
			throw new IllegalArgumentException("a top-level checkpoint's extension lines are \"time INSTANT\", "
					+ "\"map DIGEST\" and one \"ORIGIN SIZE ROOT\" per shard");
		}
		Instant sealedAt;
		try {
			sealedAt = Instant.parse(extensions.get(0).substring(5));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("the time line holds no instant: " + extensions.get(0), ex);
		}
		byte[] map;
		try {
			map = Base64.getDecoder().decode(extensions.get(1).substring(4));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the map line holds no base64 digest: " + extensions.get(1), ex);
		}
		List<TreeHead> shards = new ArrayList<>();
		for (String line : extensions.subList(2, extensions.size())) {
			String[] parts = line.split(" ", -1);
			try {
				if (parts.length != 3) {
					throw new IllegalArgumentException("it has " + parts.length + " fields");
				}
				shards.add(TreeHead.parse(parts[0] + "\n" + parts[1] + "\n" + parts[2] + "\n"));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"a shard line is \"ORIGIN SIZE ROOT\", not " + line + ": " + ex.getMessage(), ex);
			}
		}
		TopLevelCheckpoint checkpoint = new TopLevelCheckpoint(head.origin(), sealedAt, map, shards);
		if (!checkpoint.body().equals(body)) {
			throw new IllegalArgumentException("the top-level checkpoint's size or root is not that of its shard "
					+ "lines, or its lines are out of order or not in canonical form");
		}
		return checkpoint;
	}

	private static String line(TreeHead head) {
		return head.origin() + " " + head.size() + " " + BASE64.encodeToString(head.root());
	}

	private static byte[] root(List<String> lines) {
		return MerkleTree
			.root(lines.stream().map((line) -> MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8))).toList());
	}

}
