/** What every endpoint of the query API shares: pages and RFC 9457 problem details. */
package kz.consentledger.query.api;
