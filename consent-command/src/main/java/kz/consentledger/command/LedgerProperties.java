package kz.consentledger.command;

import java.net.URI;
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
	 * @param checkpointMaxSize the most positions one checkpoint adds to the tree: a
	 * tampered event is found within that many positions by the checkpoints alone
	 * @param origin the log's origin line, and the name of its key in signed notes
	 * @param witnesses the witnesses asked to cosign each checkpoint
	 * @param witnessQuorum how many distinct witnesses' cosignatures verification
	 * requires
	 * @param trustedKeys vkeys of the ledger keys verification starts from (the first
	 * key, kept outside the store); later keys are trusted only through rotation
	 * statements signed by their predecessors. Required: the service does not start
	 * without.
	 * @param previousSigningKeyFile on the first start with a new signing key: the key it
	 * replaces, which signs the rotation statement
	 */
	public record Proof(@NotNull Path signingKeyFile, @NotNull Duration checkpointInterval,
			@Positive int checkpointMaxSize, @DefaultValue("consent-ledger.local/ledger") String origin,
			@DefaultValue List<Witness> witnesses, @DefaultValue("1") int witnessQuorum,
			@DefaultValue List<String> trustedKeys, Path previousSigningKeyFile) {
	}

	/**
	 * @param url the witness's submission prefix (POST {url}/add-checkpoint)
	 * @param vkey its cosigner vkey (c2sp.org/signed-note, algorithm 0x04)
	 */
	public record Witness(@NotNull URI url, @NotBlank String vkey) {
	}

	/**
	 * @param aggregateCacheEntries how many subjects' decision states stay in memory
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
