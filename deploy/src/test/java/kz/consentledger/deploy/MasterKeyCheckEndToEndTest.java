package kz.consentledger.deploy;

import java.util.Base64;
import java.util.Map;

import kz.consentledger.command.CommandApplication;
import kz.consentledger.query.QueryApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every instance of both services must run with the master key the store is written with
 * (issue 29, ADR 0026): another key would seal fields no other instance opens and write
 * leaf MACs the verification reports as forged. A service given another key does not
 * start, and says why; an upgraded store without the check value is checked against its
 * newest leaf MAC and subject key before the value is stored.
 */
class MasterKeyCheckEndToEndTest {

	private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String REFUSED = "is not the master key this store was written with";

	@Test
	void anInstanceWithAnotherMasterKeyDoesNotStart() {
		Map<String, String> settings;
		try (RunningLedger ledger = RunningLedger.start("master_key_check")) {
			settings = ledger.settings();
			for (String event : new String[] { "policy-published.json", "granted.json" }) {
				assertThat(ledger.post("application/cloudevents+json", Map.of(), ExampleStory.bytes(event)).status())
					.isEqualTo(200);
			}
		}
		JdbcTemplate owner = RunningLedger.ownerJdbc(settings);
		assertThat(owner.queryForObject("SELECT count(*) FROM ledger.master_key_check", Long.class)).isOne();
		Map<String, String> wrong = new java.util.HashMap<>(settings);
		wrong.put("ledger.privacy.master-key", OTHER_KEY);
		assertRefused(CommandApplication.application(), wrong, "does not give the check value");
		assertRefused(QueryApplication.application(), wrong, "does not give the check value");

		// A store from before the check value: the key is checked against the newest
		// leaf's MAC, and is not pinned when it fails.
		owner.update("DELETE FROM ledger.master_key_check");
		assertRefused(CommandApplication.application(), wrong, "the MAC of the newest leaf");
		assertThat(owner.queryForObject("SELECT count(*) FROM ledger.master_key_check", Long.class)).isZero();
		// Without MACs (envelope 1 leaves), against the newest live subject key.
		owner.update("ALTER TABLE ledger.event_chain DISABLE TRIGGER USER");
		try {
			owner.update("UPDATE ledger.event_chain SET leaf_mac = NULL, envelope = 1");
		}
		finally {
			owner.update("ALTER TABLE ledger.event_chain ENABLE TRIGGER USER");
		}
		assertRefused(QueryApplication.application(), wrong, "does not open the newest subject key");
		assertThat(owner.queryForObject("SELECT count(*) FROM ledger.master_key_check", Long.class)).isZero();
		// The right key passes; the command service stores the check value again, a
		// query instance never does (one with a wrong key must not pin it).
		RunningLedger.run(QueryApplication.application(), settings).close();
		assertThat(owner.queryForObject("SELECT count(*) FROM ledger.master_key_check", Long.class)).isZero();
		RunningLedger.run(CommandApplication.application(), settings).close();
		assertThat(owner.queryForObject("SELECT count(*) FROM ledger.master_key_check", Long.class)).isOne();
	}

	private static void assertRefused(SpringApplicationBuilder application, Map<String, String> settings, String why) {
		assertThatThrownBy(() -> RunningLedger.run(application, settings).close()).hasStackTraceContaining(REFUSED)
			.hasStackTraceContaining(why);
	}

}
