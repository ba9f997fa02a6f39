package kz.consentledger.service.store;

import java.security.MessageDigest;
import java.util.List;

import kz.consentledger.privacy.MasterKeyMac;
import kz.consentledger.proof.Chain;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refuses to start with a master key other than the one the store was written with. Every
 * instance of both services is given the master key by configuration; one started with
 * another key would seal fields no other instance can open (they would read as erased)
 * and write leaf MACs the verification reports as forged. The newest leaf with a MAC
 * tells: its MAC must be the one this key gives. An empty (or not yet created) store
 * accepts any key.
 */
public final class MasterKeyCheck {

	private MasterKeyCheck() {
	}

	/**
	 * @param masterKey base64 of 32 bytes, as configured
	 */
	public static void require(JdbcTemplate jdbc, String masterKey) {
		// The query service may start before the command service has created the store.
		if (jdbc.queryForObject("SELECT to_regclass('ledger.event_chain') IS NULL", Boolean.class)) {
			return;
		}
		List<Leaf> newest = jdbc.query(
				"SELECT position, global_index, event_hash, stream_hash, leaf_mac FROM ledger.event_chain "
						+ "WHERE leaf_mac IS NOT NULL ORDER BY position DESC LIMIT 1",
				(row, n) -> new Leaf(row.getLong(1), row.getLong(2), row.getBytes(3), row.getBytes(4),
						row.getBytes(5)));
		for (Leaf leaf : newest) {
			byte[] expected = MasterKeyMac.derive(masterKey, MasterKeyMac.LEAF)
				.of(Chain.leafHash(leaf.position(), leaf.globalIndex(), leaf.eventHash(), leaf.streamHash()));
			if (!MessageDigest.isEqual(expected, leaf.mac())) {
				throw new IllegalStateException("LEDGER_MASTER_KEY (ledger.privacy.master-key) is not the master key "
						+ "this store was written with: the MAC of its newest leaf, position " + leaf.position()
						+ ", does not verify under it. Give every instance of both services the same master key "
						+ "(or, if that key is right, the leaf was altered: run the verification)");
			}
		}
	}

	private record Leaf(long position, long globalIndex, byte[] eventHash, byte[] streamHash, byte[] mac) {
	}

}
