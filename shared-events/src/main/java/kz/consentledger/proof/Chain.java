package kz.consentledger.proof;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The links of the two hash chains and the Merkle leaf of a ledger position. One-byte
 * prefixes separate the domains (0x00 leaf and 0x01 node as in RFC 6962, 0x02 stream
 * link, 0x03 ledger link), so a hash of one kind can never pass for another.
 */
public final class Chain {

	private static final byte[] STREAM = { 0x02 };

	private static final byte[] LEDGER = { 0x03 };

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Chain() {
	}

	/**
	 * The stream hash of an event: its aggregate's previous stream hash (or
	 * {@link Hashes#GENESIS}) chained with its event hash.
	 */
	public static byte[] streamLink(byte[] previousStreamHash, byte[] eventHash) {
		return Hashes.sha256(STREAM, previousStreamHash, eventHash);
	}

	/**
	 * The ledger hash at a position: the previous ledger hash chained with the leaf hash.
	 */
	public static byte[] ledgerLink(byte[] previousLedgerHash, byte[] leafHash) {
		return Hashes.sha256(LEDGER, previousLedgerHash, leafHash);
	}

	/**
	 * The canonical leaf of a ledger position: it binds the position, the event's global
	 * index in the store, its event hash and its stream hash.
	 */
	public static byte[] leafData(long position, long globalIndex, byte[] eventHash, byte[] streamHash) {
		ObjectNode leaf = JSON.createObjectNode();
		leaf.put("position", position);
		leaf.put("globalIndex", globalIndex);
		leaf.put("eventHash", Hashes.hex(eventHash));
		leaf.put("streamHash", Hashes.hex(streamHash));
		return Hashes.canonical(leaf);
	}

	public static byte[] leafHash(long position, long globalIndex, byte[] eventHash, byte[] streamHash) {
		return MerkleTree.leafHash(leafData(position, globalIndex, eventHash, streamHash));
	}

}
