/**
 * The events stored in the ledger. Axon stores each event's fully qualified class name
 * and {@code @Revision}: package and class names here are part of the stored contract and
 * never change; a new shape is a new revision with an upcaster.
 * <p>
 * No raw personal data: subjects are the operators' pseudonymous ids, and fields that may
 * hold personal data (names, document references, IP addresses, user agents, free text)
 * are sealed with a per-subject key (see {@code kz.consentledger.privacy}).
 */
package kz.consentledger.events;
