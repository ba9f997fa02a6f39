package kz.consentledger.service.proof;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import kz.consentledger.proof.Chain;
import kz.consentledger.proof.CompactRange;
import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.StreamHeads;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checkpoints and proofs as the store holds them. Nothing here is trusted by a reader:
 * every answer is checked against a checkpoint that trusted keys signed and witnesses
 * cosigned. Inclusion proofs read the leaves of the whole tree (a proof's subtrees cover
 * it); consistency proofs from a checkpoint read only the positions since, from its
 * stored right edge.
 */
@Component
public class LedgerProofs {

	private final JdbcTemplate jdbc;

	LedgerProofs(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The newest checkpoint with every cosignature the store holds; a row that is not a
	 * signed note (slipped in by whoever may insert there) is passed over.
	 */
	public Optional<SignedNote> newestCheckpoint() {
		for (Long size : sizes(Long.MAX_VALUE, 20)) {
			try {
				return checkpoint(size);
			}
			catch (IllegalArgumentException ex) {
				// the verification names it
			}
		}
		return Optional.empty();
	}

	/** The checkpoint of {@code size} positions with its cosignatures. */
	public Optional<SignedNote> checkpoint(long size) {
		List<String> notes = this.jdbc.query("SELECT note FROM ledger.tree_head WHERE size = ?",
				(row, n) -> row.getString(1), size);
		if (notes.isEmpty()) {
			return Optional.empty();
		}
		List<SignatureLine> cosignatures = this.jdbc.query(
				"SELECT line FROM ledger.cosignature WHERE size = ? ORDER BY witness",
				(row, n) -> SignatureLine.parse(row.getString(1)), size);
		return Optional.of(SignedNote.parse(notes.get(0)).plus(cosignatures));
	}

	/** The sizes of the stored checkpoints, newest first. */
	public List<Long> sizes(long before, int limit) {
		return this.jdbc.query("SELECT size FROM ledger.tree_head WHERE size < ? ORDER BY size DESC LIMIT ?",
				(row, n) -> row.getLong(1), before, limit);
	}

	/** One at a time: each reads every leaf of the tree. */
	public synchronized List<byte[]> inclusionProof(long position, long size) {
		return MerkleTree.inclusionProof(position, size, MerkleTree.over(leaves(0, size)));
	}

	public synchronized List<byte[]> consistencyProof(long from, long to) {
		if (from == 0 || from == to) {
			return List.of();
		}
		List<byte[]> frontier = this.jdbc.query("SELECT frontier FROM ledger.tree_head WHERE size = ?",
				(row, n) -> row.getBytes(1), from);
		if (frontier.isEmpty()) {
			return MerkleTree.consistencyProof(from, to, MerkleTree.over(leaves(0, to)));
		}
		return MerkleTree.consistencyProof(from, to,
				CompactRange.of(from, frontier.get(0)).extendedBy(leaves(from, to)));
	}

	/**
	 * The stream heads as of {@code size} positions: every stream's last chained event
	 * below that position.
	 */
	public StreamHeads streamHeads(long size) {
		List<StreamHeads.Head> heads = this.jdbc
			.query("""
					SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, aggregate_sequence, stream_hash, position
					FROM ledger.event_chain WHERE position < ? ORDER BY aggregate_identifier, aggregate_sequence DESC""",
					(row, n) -> new StreamHeads.Head(row.getString(1), row.getLong(2) + 1, row.getBytes(3),
							row.getLong(4)),
					size);
		return new StreamHeads(heads);
	}

	/**
	 * The leaf hashes of positions {@code from} (inclusive) to {@code to} (exclusive), as
	 * the chain stores them.
	 */
	public List<byte[]> leaves(long from, long to) {
		List<byte[]> leaves = new ArrayList<>((int) Math.min(to - from, 1 << 20));
		this.jdbc.query("""
				SELECT position, global_index, event_hash, stream_hash FROM ledger.event_chain
				WHERE position >= ? AND position < ? ORDER BY position""", (row) -> {
			if (row.getLong(1) != from + leaves.size()) {
				throw new IllegalStateException("the chain has no position " + (from + leaves.size()));
			}
			leaves.add(Chain.leafHash(row.getLong(1), row.getLong(2), row.getBytes(3), row.getBytes(4)));
		}, from, to);
		if (leaves.size() != to - from) {
			throw new IllegalStateException("the chain ends at position " + (from + leaves.size()) + ", before " + to);
		}
		return leaves;
	}

}
