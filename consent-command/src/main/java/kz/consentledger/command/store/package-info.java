/**
 * Storage adapters of the command side: Axon's JDBC event store on PostgreSQL, the
 * per-subject key store used for crypto-shredding, and the domain's view of published
 * policy terms.
 */
package kz.consentledger.command.store;
