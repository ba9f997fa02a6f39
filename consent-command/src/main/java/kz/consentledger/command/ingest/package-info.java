/**
 * Ingestion: CloudEvents in over Kafka (both bindings) and HTTP (binary, structured,
 * batch), validated against the published JSON Schemas and mapped to commands that
 * {@link kz.consentledger.command.append} appends, deduplicated by {@code (source, id)},
 * in one database transaction per batch; malformed records go to the dead-letter topic
 * unchanged, with the reason in headers.
 */
package kz.consentledger.command.ingest;
