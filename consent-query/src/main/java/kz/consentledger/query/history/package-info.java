/**
 * Each subject's processing history: every event in ledger order, with business and
 * receipt time.
 */
package kz.consentledger.query.history;
