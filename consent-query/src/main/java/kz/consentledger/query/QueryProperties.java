package kz.consentledger.query;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the query service ({@code ledger.*}). */
@Validated
@ConfigurationProperties("ledger")
public record QueryProperties(Privacy privacy) {

	/**
	 * @param masterKey base64 of 32 bytes: unwraps the per-subject keys to show sealed
	 * fields
	 */
	public record Privacy(@NotBlank(message = "set LEDGER_MASTER_KEY to a base64 32-byte key") String masterKey) {
	}

}
