package db.migration.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import kz.consentledger.proof.ChainBuilder;
import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.StoredEvent;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Chains, once, the events a ledger stored before tamper evidence existed (V2), in global
 * index order. From then on every event is chained as it is appended, so a row that
 * appears unchained later is an insertion, never a leftover.
 */
public class V3__Chain_events_stored_before_tamper_evidence extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		ChainBuilder chain = new ChainBuilder(-1, Hashes.GENESIS, Map.of(), StoredEvent.ENVELOPE_WITHOUT_TYPE);
		try (Statement select = connection.createStatement();
				PreparedStatement insert = connection.prepareStatement(ChainBuilder.Link.INSERT)) {
			select.setFetchSize(1000);
			int pending = 0;
			try (ResultSet rows = select.executeQuery(
					"SELECT " + StoredEvent.COLUMNS + " FROM ledger.domain_event_entry e ORDER BY e.global_index")) {
				while (rows.next()) {
					Object[] values = chain.append(StoredEvent.fromRow(rows)).row();
					for (int i = 0; i < values.length; i++) {
						insert.setObject(i + 1, values[i]);
					}
					insert.addBatch();
					if (++pending == 1000) {
						insert.executeBatch();
						pending = 0;
					}
				}
			}
			if (pending > 0) {
				insert.executeBatch();
			}
		}
	}

}
