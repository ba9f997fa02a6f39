/**
 * Judgments the ledger makes again when it learns a fact late (ADR 0023): here, the
 * subjects whose events named a policy version before its publication was appended.
 */
package kz.consentledger.command.judgment;
