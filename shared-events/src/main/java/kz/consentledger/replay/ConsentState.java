package kz.consentledger.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import kz.consentledger.events.Recipient;

/**
 * What a subject's consent at one operator looked like at {@code businessTime}, counting
 * only the events the ledger had received by {@code ledgerTime}. It holds no personal
 * data (no representative names, no evidence), so it is the same whether or not the
 * subject's key has been shredded.
 *
 * @param eventsApplied how many of the subject's facts the state is made of (re-judgments
 * are not counted)
 * @param sharings data transfers up to that instant; {@code violations}: those of them
 * judged violations
 */
public record ConsentState(String operator, String subject, Instant businessTime, Instant ledgerTime,
		AcceptedPolicy acceptedPolicy, List<Purpose> purposes, int eventsApplied, int sharings, int violations) {

	/** {@code validity}: {@code valid}, {@code premature} or {@code unknown-version}. */
	public record AcceptedPolicy(String version, String mode, String validity, Instant acceptedAt) {
	}

	/**
	 * One purpose. {@code status}: {@code active}, {@code withdrawn} or {@code expired};
	 * {@code since}: when it took that status.
	 */
	public record Purpose(String purpose, String status, Instant since, List<String> dataCategories,
			List<Recipient> recipients, List<String> crossBorderCountries, String policyVersion, String grantedByKind,
			String channel, Instant grantedAt, Instant expiresAt, Instant withdrawnAt, String withdrawalChannel,
			LocalDate stopDueBy, PendingRefusal pendingRefusal) {

	}

	/** The last refused withdrawal while the consent stays active. */
	public record PendingRefusal(Instant requestedAt, String channel, String reason, String reference) {
	}

}
