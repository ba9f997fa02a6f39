package kz.consentledger.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.Recipient;

/**
 * One purpose of a subject's consent as {@link ConsentFold} leaves it: the latest grant
 * naming it, and what happened to that grant since. Sealed fields ({@code grantedByName},
 * the refusal's {@code applicationRef} and {@code detail}) stay sealed.
 *
 * @param status {@code active} or {@code withdrawn}; an active consent past its
 * {@code expiresAt} is {@code expired} ({@link #statusAt})
 */
public record PurposeConsent(String purpose, String status, List<String> dataCategories, List<Recipient> recipients,
		List<String> crossBorderCountries, String policyVersion, String grantedByKind, String grantedByName,
		String channel, String language, Instant grantedAt, Instant expiresAt, Instant withdrawnAt,
		String withdrawalChannel, LocalDate stopDueBy, Refusal pendingRefusal) {

	public static final String ACTIVE = "active";

	public static final String WITHDRAWN = "withdrawn";

	public static final String EXPIRED = "expired";

	/** A grant replaces whatever the purpose held before it. */
	public static PurposeConsent granted(String purpose, ConsentGranted grant) {
		return new PurposeConsent(purpose, ACTIVE, grant.dataCategories(), grant.recipients(),
				grant.crossBorderCountries(), grant.policyVersion(), grant.grantedBy().kind(), grant.grantedBy().name(),
				grant.channel(), grant.language(), grant.provenance().occurredAt(), grant.expiresAt(), null, null, null,
				null);
	}

	/**
	 * The first withdrawal ends a consent in force; a consent already withdrawn or
	 * expired stays as it is, so the stop due date is the first withdrawal's.
	 */
	public PurposeConsent withdrawn(ConsentWithdrawn withdrawal) {
		Instant at = withdrawal.provenance().occurredAt();
		if (!inForceAt(at)) {
			return this;
		}
		return new PurposeConsent(this.purpose, WITHDRAWN, this.dataCategories, this.recipients,
				this.crossBorderCountries, this.policyVersion, this.grantedByKind, this.grantedByName, this.channel,
				this.language, this.grantedAt, this.expiresAt, at, withdrawal.channel(), withdrawal.stopDueBy(), null);
	}

	/**
	 * A refused withdrawal leaves a consent in force active, with the refusal beside it.
	 */
	public PurposeConsent refused(ConsentWithdrawalRefused refused) {
		if (!inForceAt(refused.provenance().occurredAt())) {
			return this;
		}
		Refusal refusal = new Refusal(refused.provenance().occurredAt(), refused.channel(), refused.applicationRef(),
				refused.refusal().reason(), refused.refusal().detail(), refused.refusal().reference());
		return new PurposeConsent(this.purpose, this.status, this.dataCategories, this.recipients,
				this.crossBorderCountries, this.policyVersion, this.grantedByKind, this.grantedByName, this.channel,
				this.language, this.grantedAt, this.expiresAt, this.withdrawnAt, this.withdrawalChannel, this.stopDueBy,
				refusal);
	}

	/** Active and not expired at {@code time}. */
	public boolean inForceAt(Instant time) {
		return ACTIVE.equals(this.status) && (this.expiresAt == null || time.isBefore(this.expiresAt));
	}

	/** {@code active}, {@code withdrawn} or {@code expired} at {@code time}. */
	public String statusAt(Instant time) {
		return (ACTIVE.equals(this.status) && !inForceAt(time)) ? EXPIRED : this.status;
	}

	/** When the consent took the status it has at {@code time}. */
	public Instant sinceAt(Instant time) {
		return switch (statusAt(time)) {
			case WITHDRAWN -> this.withdrawnAt;
			case EXPIRED -> this.expiresAt;
			default -> this.grantedAt;
		};
	}

	/** The last refused withdrawal of a consent that stays active. */
	public record Refusal(Instant requestedAt, String channel, String applicationRef, String reason, String detail,
			String reference) {

	}

}
