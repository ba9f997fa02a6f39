/**
 * Each subject's current consent per purpose, in the order the ledger received the
 * events.
 */
package kz.consentledger.query.consent;
