/**
 * The operator's duties after consent as working-day clocks (issue 27): which facts open
 * a clock and which close it ({@link kz.consentledger.query.duty.DutyFacts}), the
 * matching of the two over a subject's whole set
 * ({@link kz.consentledger.query.duty.ClockMatching}), their projection, and the
 * worklist, retention and regulator reads, whose states are computed for the day asked
 * about.
 */
package kz.consentledger.query.duty;
