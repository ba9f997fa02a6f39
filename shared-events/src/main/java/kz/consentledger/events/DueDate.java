package kz.consentledger.events;

import java.time.LocalDate;

/**
 * The day by which a duty must be done, with the version of the working-day calendar data
 * that computed it ({@code calendar}); {@code provisional} when the date lies beyond that
 * data and only the statutory rules gave it (a later calendar may move it).
 */
public record DueDate(LocalDate date, String calendar, boolean provisional) {
}
