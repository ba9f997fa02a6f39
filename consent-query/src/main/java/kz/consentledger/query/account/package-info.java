/**
 * The signed-in account and the operators it may open; the sign-in page.
 */
package kz.consentledger.query.account;
