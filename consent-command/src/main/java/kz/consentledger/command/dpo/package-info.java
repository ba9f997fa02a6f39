/**
 * The DPO's own records of the duties after consent (issue 27): a subject request's
 * answer and a destruction, as HTTP commands that enter the ledger as contract v1 events
 * do: validated by the same schemas, sealed, appended once by key in the same
 * transaction.
 */
package kz.consentledger.command.dpo;
