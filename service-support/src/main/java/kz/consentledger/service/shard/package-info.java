/**
 * Sharding by operator: which shard keeps which operator's events (one rule, used by
 * ingestion, the routing of reads and the top-level checkpoint), and the redirect of a
 * request for an operator another shard keeps.
 */
package kz.consentledger.service.shard;
