package kz.consentledger.events;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * An operator published a version of its privacy policy. {@code findings} records what
 * the ledger noticed about it (for example a re-publication of a known version); it is
 * never a reason to drop the event. Its retention rule is
 * {@code retentionYearsAfterAgreementEnd} whole years after the agreement ends, or
 * {@code retentionUntilPurposeReached} ({@code true}), or neither (none stated).
 * <p>
 * Revision 2 added {@code retentionUntilPurposeReached}; a revision 1 payload reads it as
 * null, which means what it meant then: not that rule. The step only adds a nullable
 * field, which every reader reads the same way, so it needs no upcaster.
 */
@Revision("2")
public record PolicyVersionPublished(String operator, String version, Instant effectiveAt, int implicitAcceptanceDays,
		List<PolicyDocument> documents, List<String> purposes, List<String> dataCategories, List<Recipient> recipients,
		String storageCountry, Integer retentionYearsAfterAgreementEnd, Boolean retentionUntilPurposeReached,
		List<String> findings, Provenance provenance) {
}
