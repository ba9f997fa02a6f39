package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A withdrawal that took effect (refused ones never reach here). */
record WithdrawalRecord(Instant withdrawnAt, List<String> purposes, LocalDate stopDueBy) {

	/**
	 * Whether this withdrawal ended {@code grant}'s consent to {@code purpose} by
	 * {@code time}.
	 */
	boolean ends(GrantRecord grant, String purpose, Instant time) {
		return this.purposes.contains(purpose) && !this.withdrawnAt.isBefore(grant.grantedAt())
				&& !this.withdrawnAt.isAfter(time);
	}

}
