package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A withdrawal that took effect (refused ones never reach here). */
record WithdrawalRecord(Instant withdrawnAt, List<String> purposes, LocalDate stopDueBy) {

}
