/**
 * The access audit trail: every read of a subject's data is recorded, append-only, before
 * it is answered ("registration of every action with personal data", as the seed policies
 * promise), and the trail itself can be exported.
 */
package kz.consentledger.query.audit;
