package kz.consentledger.command;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the command service ({@code ledger.*}). */
@Validated
@ConfigurationProperties("ledger")
public record LedgerProperties(Kafka kafka, Privacy privacy) {

	/**
	 * @param topic the input topic (contract v1: {@code consent.events.v1})
	 * @param deadLetterTopic where malformed records go unchanged
	 * @param partitions partitions of the input topic when the service creates it
	 */
	public record Kafka(@NotBlank String topic, @NotBlank String deadLetterTopic, int partitions) {
	}

	/**
	 * @param masterKey base64 of 32 bytes: wraps the per-subject keys
	 */
	public record Privacy(@NotBlank(message = "set LEDGER_MASTER_KEY to a base64 32-byte key") String masterKey) {
	}

}
