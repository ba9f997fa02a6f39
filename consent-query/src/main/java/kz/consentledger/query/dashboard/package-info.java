/**
 * The DPO dashboard: pre-aggregated figures per operator (counters kept by database
 * triggers on the projection tables), lists behind them, CSV of every table, and the web
 * pages that show them.
 */
package kz.consentledger.query.dashboard;
