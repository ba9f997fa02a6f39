package kz.consentledger.query.parking;

/**
 * An event holds a value the projections' tables refuse; {@code field} is its path in the
 * payload ({@code timestamp} for the event's own time). The message names the field and
 * why, never the value itself when that is what cannot be stored.
 */
public class UnstorableEventException extends RuntimeException {

	private final String field;

	public UnstorableEventException(String field, String problem) {
		super(field + " " + problem);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
