/**
 * Reading the command side's event store (shared layout) and keeping tracking tokens in
 * PostgreSQL.
 */
package kz.consentledger.query.store;
