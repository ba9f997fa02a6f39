package kz.consentledger.proof;

import java.util.HashMap;
import java.util.Map;

/**
 * Extends the chains event by event from a known head: the one place where positions,
 * stream hashes and ledger hashes are assigned.
 */
public final class ChainBuilder {

	private final Map<String, byte[]> streamHeads;

	private long position;

	private byte[] ledgerHash;

	private final int envelope;

	/**
	 * @param lastPosition the last chained position ({@code -1} for an empty chain)
	 * @param ledgerHash the ledger hash there ({@link Hashes#GENESIS} for an empty chain)
	 * @param streamHeads the last stream hash of each aggregate that will be extended
	 * @param envelope the envelope version the events are hashed under
	 * ({@link StoredEvent#ENVELOPE} for new events)
	 */
	public ChainBuilder(long lastPosition, byte[] ledgerHash, Map<String, byte[]> streamHeads, int envelope) {
		this.envelope = envelope;
		this.position = lastPosition;
		this.ledgerHash = ledgerHash;
		this.streamHeads = new HashMap<>(streamHeads);
	}

	public Link append(StoredEvent event) {
		this.position++;
		byte[] eventHash = event.eventHash(this.envelope);
		byte[] streamHash = Chain.streamLink(this.streamHeads.getOrDefault(event.aggregateId(), Hashes.GENESIS),
				eventHash);
		this.streamHeads.put(event.aggregateId(), streamHash);
		byte[] leafHash = Chain.leafHash(this.position, event.globalIndex(), eventHash, streamHash);
		this.ledgerHash = Chain.ledgerLink(this.ledgerHash, leafHash);
		return new Link(this.position, event, eventHash, streamHash, leafHash, this.ledgerHash);
	}

	/**
	 * One row of {@code ledger.event_chain}, with the Merkle leaf hash of its position
	 * (hashed once: the ledger link and the leaf's MAC both need it).
	 */
	public record Link(long position, StoredEvent event, byte[] eventHash, byte[] streamHash, byte[] leafHash,
			byte[] ledgerHash) {

		/** The values in the column order of {@link #INSERT}. */
		public Object[] row() {
			return new Object[] { this.position, this.event.globalIndex(), this.event.eventId(),
					this.event.aggregateId(), this.event.aggregateSequence(), this.eventHash, this.streamHash,
					this.ledgerHash };
		}

		public static final String INSERT = """
				INSERT INTO ledger.event_chain (position, global_index, event_identifier, aggregate_identifier,
				  aggregate_sequence, event_hash, stream_hash, ledger_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

	}

}
