package kz.consentledger.query;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of the query service ({@code ledger.*}). */
@Validated
@ConfigurationProperties("ledger")
public record QueryProperties(Privacy privacy, Proof proof, @DefaultValue Projections projections) {

	/**
	 * @param masterKey base64 of 32 bytes: unwraps the per-subject keys to show sealed
	 * fields
	 */
	public record Privacy(@NotBlank(message = "set LEDGER_MASTER_KEY to a base64 32-byte key") String masterKey) {
	}

	/**
	 * @param signingKeyFile the ledger's Ed25519 key (the command service's
	 * {@code ledger.proof.signing-key-file}): exports are signed with it
	 * @param origin the log's origin line and key name (the command service's)
	 * @param witnessQuorum how many witness cosignatures the checkpoint an export proves
	 * against should hold (the newest such checkpoint is chosen, else the newest)
	 */
	public record Proof(@NotNull Path signingKeyFile, @DefaultValue("consent-ledger.local/ledger") String origin,
			@DefaultValue("1") int witnessQuorum) {
	}

	/**
	 * @param pollInterval how long the projections wait before looking for new events
	 * again after finding none: events are appended by another process, so the query
	 * service learns of them only by polling
	 * @param stallAfter how long a segment of the projections' processor may stay at one
	 * position while events wait before health {@code projections} turns DOWN
	 * @param balanceInterval how often each query instance writes its heartbeat and gives
	 * up the segments it holds beyond its share; an instance unseen for three intervals
	 * is taken for dead
	 */
	public record Projections(@DefaultValue("50ms") Duration pollInterval, @DefaultValue("60s") Duration stallAfter,
			@DefaultValue("2s") Duration balanceInterval) {
	}

}
