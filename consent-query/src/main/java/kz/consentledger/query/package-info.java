/**
 * The query service of the consent ledger: projections of the event store and their REST
 * API.
 */
package kz.consentledger.query;
