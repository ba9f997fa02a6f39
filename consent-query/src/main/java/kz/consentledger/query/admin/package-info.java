/**
 * Operating the projections: rebuilding a processor's projections from the event store
 * with progress (events done, rate, ETA) in the log and in Micrometer, and checksums of
 * the projection tables to compare a rebuilt projection with the live one.
 */
package kz.consentledger.query.admin;
