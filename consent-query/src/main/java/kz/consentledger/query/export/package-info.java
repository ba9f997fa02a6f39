/**
 * Regulator export bundles: a subject's (or an operator's, for a time range) stored
 * events with their hash chain, inclusion proofs against signed checkpoints, the policy
 * versions they refer to and the ledger's public key, as signed canonical JSON (schema in
 * {@code docs/bundle.schema.json}) and as printable HTML in Kazakh, Russian and English.
 */
package kz.consentledger.query.export;
