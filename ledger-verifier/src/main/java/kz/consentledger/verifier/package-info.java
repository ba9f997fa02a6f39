/**
 * The offline verifier: checks an export bundle against the ledger's public key with no
 * database and no network, and replays the subject's consent state at any instant with
 * the same code as the query service ({@code kz.consentledger.replay}).
 */
package kz.consentledger.verifier;
