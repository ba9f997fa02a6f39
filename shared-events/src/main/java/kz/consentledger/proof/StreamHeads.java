package kz.consentledger.proof;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The head of every stream as of a tree size: an RFC 6962 tree whose leaves are the
 * streams in aggregate id order, each committing to the stream's length, its last stream
 * hash and the ledger position of its last event. A checkpoint commits to its root, so a
 * bundle proves that it holds a stream whole: the stream's leaf, included under that
 * root, says how long the stream was (ADR 0024).
 */
public final class StreamHeads {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TreeMap<String, Head> heads = new TreeMap<>();

	/**
	 * Each head's leaf hash, kept beside it: a seal hashes every stream, and serializing
	 * every head again each time was most of its work.
	 */
	private final Map<String, byte[]> leafHashes = new HashMap<>();

	public StreamHeads() {
	}

	public StreamHeads(Collection<Head> heads) {
		heads.forEach(this::put);
	}

	/**
	 * Notes a stream's head; an older head of the same stream never replaces a newer one.
	 */
	public void put(Head head) {
		Head old = this.heads.get(head.aggregateId());
		if (old == null || head.length() >= old.length()) {
			this.heads.put(head.aggregateId(), head);
			this.leafHashes.put(head.aggregateId(), head.leafHash());
		}
	}

	public Head get(String aggregateId) {
		return this.heads.get(aggregateId);
	}

	/** The stream's index among the tree's leaves, or -1. */
	public int indexOf(String aggregateId) {
		return this.heads.containsKey(aggregateId) ? this.heads.headMap(aggregateId).size() : -1;
	}

	public int size() {
		return this.heads.size();
	}

	public List<byte[]> leafHashes() {
		List<byte[]> leaves = new ArrayList<>(this.heads.size());
		this.heads.keySet().forEach((id) -> leaves.add(this.leafHashes.get(id)));
		return leaves;
	}

	public byte[] root() {
		return MerkleTree.root(leafHashes());
	}

	public Map<String, Head> asMap() {
		return Collections.unmodifiableMap(this.heads);
	}

	/**
	 * One stream's head: {@code length} events, the last at {@code position} with stream
	 * hash {@code streamHash}.
	 */
	public record Head(String aggregateId, long length, byte[] streamHash, long position) {

		/** RFC 8785 canonical JSON of the four members. */
		public byte[] leafData() {
			ObjectNode leaf = JSON.createObjectNode();
			leaf.put("aggregateId", this.aggregateId);
			leaf.put("length", this.length);
			leaf.put("streamHash", Hashes.hex(this.streamHash));
			leaf.put("position", this.position);
			return Hashes.canonical(leaf);
		}

		public byte[] leafHash() {
			return MerkleTree.leafHash(leafData());
		}

	}

}
