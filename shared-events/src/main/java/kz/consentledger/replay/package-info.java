/**
 * The consent state of one subject at any instant, replayed from its events: the single
 * definition of "as of" that the query service answers with and the offline verifier
 * recomputes from an export bundle, so the two cannot disagree.
 */
package kz.consentledger.replay;
