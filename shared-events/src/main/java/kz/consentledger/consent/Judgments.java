package kz.consentledger.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import kz.consentledger.events.Recipient;

/**
 * What the ledger finds wrong with a fact, given what it knows: the policy version a
 * grant or acceptance names, and the consents in force when data was shared. The same
 * rules judge an event at its receipt and again when a later-arriving fact changes what
 * is known ({@code JudgmentRevised}).
 */
public final class Judgments {

	public static final String VALID = "valid";

	public static final String PREMATURE = "premature";

	public static final String UNKNOWN_VERSION = "unknown-version";

	private Judgments() {
	}

	/**
	 * A grant's findings: an unpublished version, or purposes or categories it does not
	 * name.
	 */
	public static List<String> ofGrant(String operator, String version, List<String> purposes, List<String> categories,
			Optional<PolicyTerms> terms) {
		if (terms.isEmpty()) {
			return List.of(unknownVersion(operator, version));
		}
		PolicyTerms known = terms.get();
		List<String> findings = new ArrayList<>();
		purposes.stream()
			.filter((purpose) -> !known.purposes().contains(purpose))
			.forEach((purpose) -> findings.add("purpose " + purpose + " is not named in policy version " + version));
		categories.stream()
			.filter((category) -> !known.dataCategories().contains(category))
			.forEach((category) -> findings.add("category " + category + " is not named in policy version " + version));
		return List.copyOf(findings);
	}

	/**
	 * An acceptance's validity: {@code unknown-version}, {@code premature} (implicit
	 * before the version's implicit-acceptance period ended, AITU 1.6) or {@code valid}.
	 */
	public static Acceptance ofAcceptance(String operator, String version, String mode, Instant acceptedAt,
			Optional<PolicyTerms> terms) {
		if (terms.isEmpty()) {
			return new Acceptance(UNKNOWN_VERSION, List.of(unknownVersion(operator, version)));
		}
		if ("implicit".equals(mode) && acceptedAt.isBefore(terms.get().implicitAcceptanceFrom())) {
			return new Acceptance(PREMATURE,
					List.of("implicit acceptance is valid only from " + terms.get().implicitAcceptanceFrom() + " ("
							+ terms.get().implicitAcceptanceDays() + " days after the version took effect)"));
		}
		return new Acceptance(VALID, List.of());
	}

	/**
	 * A disclosure's verdict: judged against the consents in force at {@code time} (and,
	 * of that instant, recorded before its place {@code before}) when its legal basis is
	 * consent, {@code ok} with the basis named otherwise.
	 */
	public static SharingVerdict ofSharing(ConsentHistory history, Function<String, Optional<PolicyTerms>> policyTerms,
			Instant time, int before, String purpose, List<String> categories, Recipient recipient, String legalBasis,
			String requestRef) {
		if ("consent".equals(legalBasis)) {
			return new SharingEvaluation(history, policyTerms).judge(time, before, purpose, categories, recipient);
		}
		return new SharingVerdict(SharingVerdict.OK, List.of("legal basis " + legalBasis + " does not rest on consent"
				+ ((requestRef != null) ? " (request " + requestRef + ")" : "")), null);
	}

	private static String unknownVersion(String operator, String version) {
		return "policy version " + version + " has not been published by operator " + operator;
	}

	public record Acceptance(String validity, List<String> findings) {

	}

}
