package kz.consentledger.command.proof;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.proof.Chain;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Chains newly appended events, inside the transaction that appended them: every
 * committed event is chained, with no window in which it is not. An advisory lock makes
 * chain extension one at a time, so positions are dense and follow commit order even when
 * several consumers append at once.
 */
@Component
public class EventChainer {

	/** Key of the transaction-scoped advisory lock that guards the chain head. */
	static final long CHAIN_LOCK = 0x6c65646765720001L;

	private final JdbcTemplate jdbc;

	EventChainer(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Chains the unchained events of these aggregates (the ones this transaction
	 * appended); call after they were inserted and before commit.
	 */
	public void chain(Collection<String> aggregateIds) {
		if (aggregateIds.isEmpty()) {
			return;
		}
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", CHAIN_LOCK);
		List<StoredEvent> fresh = this.jdbc.query(connection -> {
			var statement = connection.prepareStatement("SELECT " + StoredEvent.COLUMNS
					+ " FROM ledger.domain_event_entry e WHERE e.aggregate_identifier = ANY(?) AND NOT EXISTS "
					+ "(SELECT 1 FROM ledger.event_chain c WHERE c.global_index = e.global_index) "
					+ "ORDER BY e.global_index");
			Array ids = connection.createArrayOf("varchar", aggregateIds.toArray());
			statement.setArray(1, ids);
			return statement;
		}, (row, n) -> StoredEvent.fromRow(row));
		if (fresh.isEmpty()) {
			return;
		}
		Map<String, byte[]> streamHeads = streamHeads(aggregateIds);
		List<Object[]> links = new ArrayList<>(fresh.size());
		Head head = head();
		long position = head.position();
		byte[] ledgerHash = head.ledgerHash();
		for (StoredEvent event : fresh) {
			position++;
			byte[] eventHash = event.eventHash();
			byte[] streamHash = Chain.streamLink(streamHeads.getOrDefault(event.aggregateId(), Hashes.GENESIS),
					eventHash);
			streamHeads.put(event.aggregateId(), streamHash);
			ledgerHash = Chain.ledgerLink(ledgerHash,
					Chain.leafHash(position, event.globalIndex(), eventHash, streamHash));
			links.add(new Object[] { position, event.globalIndex(), event.eventId(), event.aggregateId(),
					event.aggregateSequence(), eventHash, streamHash, ledgerHash });
		}
		this.jdbc.batchUpdate("""
				INSERT INTO ledger.event_chain (position, global_index, event_identifier, aggregate_identifier,
				  aggregate_sequence, event_hash, stream_hash, ledger_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", links);
	}

	private Map<String, byte[]> streamHeads(Collection<String> aggregateIds) {
		Map<String, byte[]> heads = new HashMap<>();
		this.jdbc.query(connection -> {
			var statement = connection.prepareStatement("""
					SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, stream_hash FROM ledger.event_chain
					WHERE aggregate_identifier = ANY(?) ORDER BY aggregate_identifier, aggregate_sequence DESC""");
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
