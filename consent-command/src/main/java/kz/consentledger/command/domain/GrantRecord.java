package kz.consentledger.command.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.Recipient;

/** A consent as the subject aggregate remembers it, for judging later disclosures. */
record GrantRecord(Instant grantedAt, String policyVersion, List<String> purposes, Set<String> dataCategories,
		List<Recipient> recipients, List<String> crossBorderCountries, Instant expiresAt) {

	/**
	 * The categories as a set: every disclosure looks each of its categories up in every
	 * consent in force, and a busy subject has thousands.
	 */
	static GrantRecord of(ConsentGranted event) {
		return new GrantRecord(event.provenance().occurredAt(), event.policyVersion(), event.purposes(),
				Set.copyOf(event.dataCategories()), event.recipients(), event.crossBorderCountries(),
				event.expiresAt());
	}

	boolean inForceAt(Instant time, String purpose) {
		return this.purposes.contains(purpose) && !this.grantedAt.isAfter(time)
				&& (this.expiresAt == null || time.isBefore(this.expiresAt));
	}

}
