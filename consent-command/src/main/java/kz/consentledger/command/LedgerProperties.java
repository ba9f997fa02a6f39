package kz.consentledger.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of the command service ({@code ledger.*}). */
@Validated
@ConfigurationProperties("ledger")
public record LedgerProperties(Kafka kafka, Privacy privacy, Proof proof, @DefaultValue Store store,
		@DefaultValue Ingest ingest) {

	/**
	 * @param topic the shared input topic (contract v1: {@code consent.events.v1})
	 * @param deadLetterTopic where malformed records go unchanged
	 * @param partitions partitions of the input topic when the service creates it
	 * @param operatorTopicPrefix topics named this prefix plus a BIN are also consumed,
	 * and accept events of that operator only: with a broker ACL that lets only the
	 * operator's principal write there, the broker's authentication decides who may
	 * publish for whom
	 * @param sharedTopicOperators operators whose events the shared topic accepts
	 * ({@code *}: all, for producers the broker does not tell apart; empty: none, every
	 * operator publishes on its own topic)
	 */
	public record Kafka(@NotBlank String topic, @NotBlank String deadLetterTopic, int partitions,
			@NotBlank String operatorTopicPrefix, @DefaultValue("*") List<String> sharedTopicOperators) {
	}

	/**
	 * @param masterKey base64 of 32 bytes: wraps the per-subject keys
	 */
	public record Privacy(@NotBlank(message = "set LEDGER_MASTER_KEY to a base64 32-byte key") String masterKey) {
	}

	/**
	 * @param signingKeyFile PEM file with the ledger's Ed25519 private and public key;
	 * the service does not start without it (never creates one)
	 * @param checkpointInterval how often chained events are sealed into a checkpoint
	 * @param checkpointMaxSize the most positions one checkpoint covers (bounds the work
	 * of an inclusion proof)
	 */
	public record Proof(@NotNull Path signingKeyFile, @NotNull Duration checkpointInterval,
			@Positive int checkpointMaxSize) {
	}

	/**
	 * @param aggregateCacheEntries how many subjects' consent aggregates stay in memory
	 * between batches (a subject that comes back is not re-read from its stream)
	 */
	public record Store(@DefaultValue("100000") @Positive int aggregateCacheEntries) {
	}

	/**
	 * @param maxRequestBytes the largest HTTP ingestion body; a larger one is refused
	 * with 413 before it is parsed
	 * @param maxEventBytes the largest Kafka record value; a larger one is dead-lettered
	 * unread
	 * @param stallAfter how long the consumer may make no progress while records wait
	 * before readiness turns DOWN
	 */
	public record Ingest(@DefaultValue("1048576") @Positive int maxRequestBytes,
			@DefaultValue("262144") @Positive int maxEventBytes, @DefaultValue("60s") @NotNull Duration stallAfter) {
	}

}
