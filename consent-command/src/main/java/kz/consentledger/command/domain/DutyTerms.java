package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;

import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.events.DueDate;

/**
 * The terms of the operator's duties after consent (docs/domain.md, "The law's duties
 * after consent") and the due dates they give, on the working-day {@code calendar}: the
 * one place that asks it. {@code accessAnswerWorkingDays} is a setting because the law
 * behind it is unverified; {@code accessAnswerReference} says so.
 */
public record DutyTerms(KazakhstanCalendar calendar, int accessAnswerWorkingDays, String accessAnswerReference) {

	/** Correct, block or destroy data: Law 94-V Art. 25(2)(8). */
	public static final Term ONE_WORKING_DAY = new Term(1, "Law 94-V Art. 25(2)(8)");

	/** Answer an objection to automated processing. */
	public static final Term OBJECTION = new Term(3, "Law 94-V Art. 19-1(3)");

	/** Stop processing, and destroy, after a withdrawal. */
	public static final Term WITHDRAWAL = new Term(15, "Law 94-V Art. 8(7)");

	/** The calendar named by a due date that the producer gave. */
	public static final String PRODUCER = "producer";

	/** The term of a subject's request of {@code kind} (contract v1's enumeration). */
	public Term request(String kind) {
		return switch (kind) {
			case "access" -> new Term(this.accessAnswerWorkingDays, this.accessAnswerReference);
			case "correction", "blocking", "destruction" -> ONE_WORKING_DAY;
			case "objection" -> OBJECTION;
			default -> throw new IllegalArgumentException("unknown request kind " + kind);
		};
	}

	/** The term of a destruction the producer gave no date for, by its trigger. */
	public static Term destruction(String trigger) {
		return "consent-withdrawn".equals(trigger) ? WITHDRAWAL : ONE_WORKING_DAY;
	}

	/**
	 * The due date {@code workingDays} after the business date of {@code at} (that day
	 * not counted).
	 */
	public DueDate due(Instant at, int workingDays) {
		return this.calendar.due(at, workingDays);
	}

	/**
	 * A date that a rule other than working days gave (a producer's, a retention's
	 * years), with the calendar of the day: provisional where the data does not reach.
	 */
	public DueDate on(LocalDate date) {
		return new DueDate(date, this.calendar.version(), !this.calendar.isPublished(date));
	}

	/**
	 * A date the producer gave: no calendar of the ledger computed it.
	 */
	public static DueDate producers(LocalDate date) {
		return new DueDate(date, PRODUCER, false);
	}

	/** A term in working days and the provision that sets it. */
	public record Term(int workingDays, String legalReference) {
	}

}
