package kz.consentledger.service.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import kz.consentledger.privacy.FieldSealer;
import kz.consentledger.privacy.MasterKeyMac;
import kz.consentledger.proof.Chain;
import kz.consentledger.storage.LedgerStorage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refuses to start with a master key other than the one the store is written with (ADR
 * 0026). Every instance of both services is given the master key by configuration; one
 * started with another key would seal fields no other instance can open (they would read
 * as erased) and write leaf MACs the verification reports as forged. The store keeps a
 * MAC of a fixed text under the key ({@code ledger.master_key_check}, ledger V9): the
 * first instance to start writes it, having checked its key against what the store
 * already holds (the newest leaf MAC, the newest live subject key), so an upgraded store
 * pins the key it was written with, not the first key to come; every instance compares.
 */
public final class MasterKeyCheck {

	private static final String PURPOSE = "consent-ledger master key check v1";

	private static final byte[] TEXT = "the master key of this store".getBytes(StandardCharsets.UTF_8);

	private MasterKeyCheck() {
	}

	/**
	 * @param masterKey base64 of 32 bytes, as configured
	 * @param now when a first check value is stored
	 * @param mayStore whether this service stores the first check value: the command
	 * service, which writes the store; a query instance with a wrong key must not pin it
	 * @return false when there is nothing to check against yet (the query service may
	 * start before the command service has created the store, granted its use, or stored
	 * its check value)
	 * @throws IllegalStateException when the key is not the store's
	 */
	public static boolean require(JdbcTemplate jdbc, String masterKey, Instant now, boolean mayStore) {
		// The command service's migration creates the schema before its last step grants
		// the app role its use: a query instance started meanwhile checks later.
		if (jdbc.queryForObject("SELECT CASE WHEN to_regnamespace('ledger') IS NULL "
				+ "OR NOT has_schema_privilege('ledger', 'USAGE') THEN true "
				+ "ELSE to_regclass('ledger.master_key_check') IS NULL END", Boolean.class)) {
			return false;
		}
		byte[] expected = MasterKeyMac.derive(masterKey, PURPOSE).of(TEXT);
		List<byte[]> stored = jdbc.queryForList("SELECT mac FROM ledger.master_key_check WHERE id = 1", byte[].class);
		if (stored.isEmpty()) {
			requireOfTheStoredData(jdbc, masterKey);
			if (!mayStore) {
				return false;
			}
			jdbc.update("INSERT INTO ledger.master_key_check (id, mac, created_at) VALUES (1, ?, ?) "
					+ "ON CONFLICT (id) DO NOTHING", expected, Timestamp.from(now));
			// Another instance may have stored its own a moment before.
			stored = jdbc.queryForList("SELECT mac FROM ledger.master_key_check WHERE id = 1", byte[].class);
		}
		if (!MessageDigest.isEqual(expected, stored.get(0))) {
			throw refused("it does not give the check value the store was written with (ledger.master_key_check)");
		}
		return true;
	}

	private static void requireOfTheStoredData(JdbcTemplate jdbc, String masterKey) {
		List<Leaf> newest = jdbc.query(
				"SELECT position, global_index, event_hash, stream_hash, leaf_mac FROM ledger.event_chain "
						+ "WHERE leaf_mac IS NOT NULL ORDER BY position DESC LIMIT 1",
				(row, n) -> new Leaf(row.getLong(1), row.getLong(2), row.getBytes(3), row.getBytes(4),
						row.getBytes(5)));
		for (Leaf leaf : newest) {
			byte[] mac = MasterKeyMac.derive(masterKey, MasterKeyMac.LEAF)
				.of(Chain.leafHash(leaf.position(), leaf.globalIndex(), leaf.eventHash(), leaf.streamHash()));
			if (!MessageDigest.isEqual(mac, leaf.mac())) {
				throw refused("the MAC of the newest leaf, position " + leaf.position() + ", does not verify under it"
						+ " (or, if the key is right, that leaf was altered: run the verification)");
			}
		}
		jdbc.query("SELECT operator, subject, wrapped_key FROM ledger.subject_key WHERE wrapped_key IS NOT NULL "
				+ "ORDER BY created_at DESC LIMIT 1", (row) -> {
					String context = LedgerStorage.subjectStream(row.getString(1).trim(), row.getString(2));
					try {
						FieldSealer.unwrap(FieldSealer.masterKey(masterKey), row.getBytes(3), context);
					}
					catch (RuntimeException ex) {
						throw refused("it does not open the newest subject key, of " + context);
					}
				});
	}

	private static IllegalStateException refused(String why) {
		return new IllegalStateException("LEDGER_MASTER_KEY (ledger.privacy.master-key) is not the master key this "
				+ "store was written with: " + why + ". Give every instance of both services the same master key");
	}

	private record Leaf(long position, long globalIndex, byte[] eventHash, byte[] streamHash, byte[] mac) {
	}

}
