/**
 * Ingestion: CloudEvents in over Kafka (both bindings) and HTTP (binary, structured,
 * batch), validated against the published JSON Schemas, deduplicated by
 * {@code (source, id)} and appended in one database transaction per batch; malformed
 * records go to the dead-letter topic unchanged, with the reason in headers.
 */
package kz.consentledger.command.ingest;
