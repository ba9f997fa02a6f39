package kz.consentledger.query.duty;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import kz.consentledger.query.store.Sql;

/**
 * A clock as of the day asked about: its {@code state} then, and its closing only if it
 * was closed by that day. The opening event's {@code (source, eventId)} identifies it;
 * {@code calendarVersion} is {@value #UNKNOWN} when the due date's calendar is not known.
 */
public record ClockView(String operator, String subject, String kind, String trigger, String requestRef,
		String legalReference, String policyVersion, String source, String eventId, LocalDate opened, LocalDate dueDate,
		String calendarVersion, Boolean provisional, String state, LocalDate closed, String closingSource,
		String closingEventId, String outcome) {

	static final String UNKNOWN = "unknown";

	/** The CSV's columns, in the order of {@link #csvRow()}. */
	static final List<String> COLUMNS = List.of("operator", "subject", "kind", "trigger", "request_ref",
			"legal_reference", "policy_version", "source", "event_id", "opened", "due_date", "calendar_version",
			"provisional", "state", "closed", "closing_source", "closing_event_id", "outcome");

	static ClockView read(ResultSet row) throws SQLException {
		boolean provisional = row.getBoolean("provisional");
		Boolean knownProvisional = row.wasNull() ? null : provisional;
		String calendar = row.getString("calendar_version");
		return new ClockView(row.getString("operator"), row.getString("subject"), row.getString("kind"),
				row.getString("trigger"), row.getString("request_ref"), row.getString("legal_reference"),
				row.getString("policy_version"), row.getString("clock_source"), row.getString("clock_event_id"),
				Sql.localDate(row, "opened"), Sql.localDate(row, "due_date"), (calendar != null) ? calendar : UNKNOWN,
				knownProvisional, row.getString("state"), Sql.localDate(row, "closed_by_then"),
				row.getString("closing_source_by_then"), row.getString("closing_event_id_by_then"),
				row.getString("outcome_by_then"));
	}

	List<Object> csvRow() {
		return Arrays.asList(this.operator, this.subject, this.kind, this.trigger, this.requestRef, this.legalReference,
				this.policyVersion, this.source, this.eventId, this.opened, this.dueDate, this.calendarVersion,
				this.provisional, this.state, this.closed, this.closingSource, this.closingEventId, this.outcome);
	}

}
