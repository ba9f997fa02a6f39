package kz.consentledger.events;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * An operator published a version of its privacy policy. {@code findings} records what
 * the ledger noticed about it (for example a re-publication of a known version); it is
 * never a reason to drop the event.
 */
@Revision("1")
public record PolicyVersionPublished(String operator, String version, Instant effectiveAt, int implicitAcceptanceDays,
		List<PolicyDocument> documents, List<String> purposes, List<String> dataCategories, List<Recipient> recipients,
		String storageCountry, Integer retentionYearsAfterAgreementEnd, List<String> findings, Provenance provenance) {
}
