package kz.consentledger.deploy;

import java.nio.file.Path;
import java.util.Map;

import kz.consentledger.command.CommandApplication;
import kz.consentledger.query.QueryApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service never creates the ledger's signing key (issue 26): a key made up on a host
 * without the file would sign as if it were the ledger's. Without its file a service does
 * not start, and says which file and how to create it.
 */
class MissingSigningKeyTest {

	@ParameterizedTest
	@ValueSource(strings = { "command", "query" })
	void aServiceWithoutItsKeyFileDoesNotStartAndSaysWhichFileAndHowToCreateOne(String service) {
		Map<String, String> settings = RunningLedger.settings("missing_key_" + service);
		Path missing = Path.of(settings.get("ledger.proof.signing-key-file")).resolveSibling("absent.pem");
		settings.put("ledger.proof.signing-key-file", missing.toString());
		SpringApplicationBuilder application = service.equals("command") ? CommandApplication.application()
				: QueryApplication.application();
		assertThatThrownBy(() -> RunningLedger.run(application, settings).close())
			.hasStackTraceContaining(
					"the ledger signing key file " + missing.toAbsolutePath() + " cannot be used: it does not exist")
			.hasStackTraceContaining("openssl genpkey -algorithm ed25519 -out " + missing.toAbsolutePath());
		assertThat(missing).doesNotExist();
	}

}
