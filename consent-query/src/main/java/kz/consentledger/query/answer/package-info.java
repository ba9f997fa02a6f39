/**
 * Answers to subjects' access requests (Law 94-V Art. 24(1)(1), 25(2)(6), (7), (9)): what
 * the ledger holds about a subject, in Kazakh, Russian or English, as a profile of the
 * signed subject bundle that the offline verifier checks (docs/access-answer.md), and as
 * printable HTML.
 */
package kz.consentledger.query.answer;
