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

	/** What a destruction's reference says when the producer's date is the earlier. */
	public static final String PRODUCERS_DATE = "producer's date";

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
	 * A term that a rule other than working days gave (a retention's years) ends on
	 * {@code date}, or on the next working day when that is a day off (Civil Code of RK
	 * Art. 173); provisional where the data does not reach a day it looked at.
	 */
	public DueDate onOrAfter(LocalDate date) {
		LocalDate day = date;
		boolean provisional = !this.calendar.isPublished(day);
		while (!this.calendar.isWorkingDay(day)) {
			day = day.plusDays(1);
			provisional |= !this.calendar.isPublished(day);
		}
		return new DueDate(day, this.calendar.version(), provisional);
	}

	/** A term in working days and the provision that sets it. */
	public record Term(int workingDays, String legalReference) {
	}

}
