package kz.consentledger.query.store;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/** Null-safe conversions between java.time and JDBC types for the projections. */
public final class Sql {

	private Sql() {
	}

	public static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	public static Date date(LocalDate date) {
		return (date != null) ? Date.valueOf(date) : null;
	}

	public static Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp value = row.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	public static LocalDate localDate(ResultSet row, String column) throws SQLException {
		Date value = row.getDate(column);
		return (value != null) ? value.toLocalDate() : null;
	}

}
