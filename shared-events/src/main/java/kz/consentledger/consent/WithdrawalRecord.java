package kz.consentledger.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A withdrawal that took effect (refused ones never reach here). */
public record WithdrawalRecord(Instant withdrawnAt, List<String> purposes, LocalDate stopDueBy) {

}
