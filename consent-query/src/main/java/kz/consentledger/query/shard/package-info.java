/**
 * Reads across the shards of a sharded ledger (ADR 0029): the views that span operators
 * ask every other shard for its part, with the caller's own credentials.
 */
package kz.consentledger.query.shard;
