package kz.consentledger.query.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A subject's current consent at one operator: per purpose, and the policy version the
 * subject last accepted. {@code incomplete}: {@code parkedEvents} of the subject's events
 * could not be applied yet (docs/reliability.md), so the view stops before the first of
 * them.
 */
public record SubjectConsentView(String operator, String subject, AcceptedPolicy acceptedPolicy,
		List<PurposeConsent> purposes, Instant lastReceivedAt, boolean incomplete, long parkedEvents) {

	/** {@code validity}: {@code valid}, {@code premature} or {@code unknown-version}. */
	public record AcceptedPolicy(String version, String mode, String validity, Instant acceptedAt) {
	}

	/**
	 * One purpose. {@code status}: {@code active}, {@code withdrawn} or {@code expired};
	 * {@code since}: when it took that status; {@code pendingRefusal}: the last refused
	 * withdrawal request while the consent stays active.
	 */
	public record PurposeConsent(String purpose, String status, Instant since, List<String> dataCategories,
			JsonNode recipients, List<String> crossBorderCountries, String policyVersion, GrantedBy grantedBy,
			String channel, String language, Instant grantedAt, Instant expiresAt, Instant withdrawnAt,
			String withdrawalChannel, LocalDate stopDueBy, JsonNode pendingRefusal) {
	}

	/**
	 * {@code kind}: {@code subject} or {@code legal-representative} (then with the name).
	 */
	public record GrantedBy(String kind, String name) {
	}

}
