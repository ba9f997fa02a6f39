/**
 * Erasure by crypto-shredding (issue 27, ADR 0025): the DPO's or an admin's command that
 * destroys a subject's key, through the same append transaction as every other command.
 */
package kz.consentledger.command.erasure;
