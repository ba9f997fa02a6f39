/**
 * Commands sent to the ledger's aggregates. They carry what the upstream said (already
 * validated, personal data already sealed); the aggregates add what the ledger concludes.
 */
package kz.consentledger.commands;
