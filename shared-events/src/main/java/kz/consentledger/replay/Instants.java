package kz.consentledger.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Instants in request parameters: ISO-8601 instants, date-times with offset, or dates.
 */
public final class Instants {

	/** Dates are days in Kazakhstan. */
	public static final ZoneId KAZAKHSTAN = ZoneId.of("Asia/Almaty");

	private Instants() {
	}

	/**
	 * @param name the parameter, named in the error
	 * @return the instant; a date means the last instant of that day in Kazakhstan
	 * @throws IllegalArgumentException naming the parameter and the accepted forms
	 */
	public static Instant parse(String name, String text) {
		String value = text;
		// a '+' of an unencoded offset arrives as a space
		value = value.strip().replace(' ', '+');
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value).plusDays(1).atStartOfDay(KAZAKHSTAN).toInstant().minusNanos(1);
			}
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("parameter " + name + " must be an ISO-8601 date-time with offset "
					+ "(2026-11-05T12:00:00Z, 2026-11-05T17:00:00+05:00) or a date (2026-11-05), not " + value);
		}
	}

}
