/** The command service of the consent ledger. */
package kz.consentledger.command;
