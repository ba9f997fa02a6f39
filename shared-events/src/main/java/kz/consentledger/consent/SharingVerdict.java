package kz.consentledger.consent;

import java.time.LocalDate;
import java.util.List;

/**
 * The ledger's judgement of one disclosure: {@code ok}, {@code late-stop} or
 * {@code violation}.
 */
public record SharingVerdict(String outcome, List<String> reasons, LocalDate stopDueBy) {

	public static final String OK = "ok";

	public static final String LATE_STOP = "late-stop";

	public static final String VIOLATION = "violation";

}
