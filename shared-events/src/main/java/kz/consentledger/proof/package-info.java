/**
 * The ledger's tamper-evidence scheme, free of Spring and of any database: the canonical
 * form and hash of a stored event, the per-stream and ledger-wide hash chains, RFC 6962
 * Merkle trees over the ledger order and Ed25519-signed checkpoints. The command service
 * uses it to chain and seal, the query service to export, the offline verifier to check;
 * {@code docs/tamper-evidence.md} describes it byte by byte for other implementations.
 */
package kz.consentledger.proof;
