package kz.consentledger.command.proof;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.proof.ChainBuilder;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Chains newly appended events, inside the transaction that appended them: every
 * committed event is chained, with no window in which it is not. An advisory lock, taken
 * before the events are inserted and held until commit, makes appends one at a time:
 * chain positions are dense and follow commit order even when several consumers append at
 * once, and so do the events' global indexes (ADR 0014: the projections' readers skip
 * events whose global index is passed before they commit).
 */
@Component
public class EventChainer {

	/** Key of the transaction-scoped advisory lock that guards the chain head. */
	public static final long CHAIN_LOCK = 0x6c65646765720001L;

	private static final String INSERT = """
			INSERT INTO ledger.event_chain (position, global_index, event_identifier, aggregate_identifier,
			  aggregate_sequence, event_hash, stream_hash, ledger_hash, envelope, leaf_mac)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	private final LeafMac macs;

	EventChainer(JdbcTemplate jdbc, LeafMac macs) {
		this.jdbc = jdbc;
		this.macs = macs;
	}

	/**
	 * Makes this transaction the only one appending until it ends; call before its events
	 * are inserted.
	 */
	public void claimAppend() {
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", CHAIN_LOCK);
	}

	/**
	 * Chains the events this transaction appended, as it stored them (hashed in memory,
	 * not read back) and in their global order; call after they were inserted and before
	 * commit, in a transaction that has {@link #claimAppend() claimed} the append. Only
	 * what the ledger itself wrote is chained: a row slipped into the table by other
	 * means never is, so verification always reports it as an insertion.
	 */
	public void chain(List<StoredEvent> fresh) {
		if (fresh.isEmpty()) {
			return;
		}
		Head head = head();
		// A stream whose first event is among these starts from the genesis hash: the
		// store's unique (aggregate, sequence) key leaves no earlier link to look up.
		Map<String, Long> firstSequences = new LinkedHashMap<>();
		fresh.forEach((event) -> firstSequences.putIfAbsent(event.aggregateId(), event.aggregateSequence()));
		firstSequences.values().removeIf((sequence) -> sequence == 0);
		ChainBuilder chain = new ChainBuilder(head.position(), head.ledgerHash(), streamHeads(firstSequences.keySet()),
				StoredEvent.ENVELOPE);
		this.jdbc.batchUpdate(INSERT, fresh.stream().map((event) -> {
			ChainBuilder.Link link = chain.append(event);
			Object[] row = Arrays.copyOf(link.row(), 10);
			row[8] = StoredEvent.ENVELOPE;
			row[9] = this.macs.of(link.leafHash());
			return row;
		}).toList());
	}

	/** One index probe per stream for its last link. */
	private Map<String, byte[]> streamHeads(Collection<String> aggregateIds) {
		Map<String, byte[]> heads = new HashMap<>();
		if (aggregateIds.isEmpty()) {
			return heads;
		}
		this.jdbc.query(connection -> {
			var statement = connection.prepareStatement("""
					SELECT s.id, c.stream_hash FROM unnest(?::varchar[]) AS s (id)
					CROSS JOIN LATERAL (SELECT stream_hash FROM ledger.event_chain WHERE aggregate_identifier = s.id
					ORDER BY aggregate_sequence DESC LIMIT 1) c""");
			statement.setArray(1, connection.createArrayOf("varchar", aggregateIds.toArray()));
			return statement;
		}, (row) -> {
			heads.put(row.getString(1), row.getBytes(2));
		});
		return heads;
	}

	private Head head() {
		List<Head> heads = this.jdbc.query(
				"SELECT position, ledger_hash FROM ledger.event_chain ORDER BY position DESC LIMIT 1",
				(row, n) -> new Head(row.getLong(1), row.getBytes(2)));
		return heads.isEmpty() ? new Head(-1, Hashes.GENESIS) : heads.get(0);
	}

	private record Head(long position, byte[] ledgerHash) {
	}

}
