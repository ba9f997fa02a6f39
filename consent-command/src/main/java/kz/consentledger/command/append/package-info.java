/**
 * The append transaction: commands, each under an idempotency key and a content digest,
 * appended in one unit of work and one database transaction per batch, deduplicated by
 * key against the ingestion log, chained as they are stored. Whatever the command comes
 * from (an ingested CloudEvent, a command the ledger issues itself), it enters the event
 * store here and only here.
 */
package kz.consentledger.command.append;
