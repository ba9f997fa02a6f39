package kz.consentledger.command.domain;

import kz.consentledger.consent.KazakhstanCalendar;

/**
 * What a decision may consult and where it puts its events: the published policy terms,
 * the notes of versions not published yet, the subject's past events (committed and
 * decided earlier in the batch), the calendar and the duty terms, the subjects' keys.
 */
public record DecisionContext(PolicyTermsLookup policies, PolicyReferences references, SubjectEvents past,
		KazakhstanCalendar calendar, DutyTerms duties, SubjectKeys keys, Decisions out) {
}
