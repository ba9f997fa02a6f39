/**
 * Tamper evidence on the command side: chaining every appended event in its own
 * transaction, sealing signed checkpoints, verifying the whole store, and serving the
 * checkpoints and the public key.
 */
package kz.consentledger.command.proof;
