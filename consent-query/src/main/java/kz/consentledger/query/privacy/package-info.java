/**
 * Opening sealed personal-data fields for display, at read time, so that erasure takes
 * effect everywhere.
 */
package kz.consentledger.query.privacy;
