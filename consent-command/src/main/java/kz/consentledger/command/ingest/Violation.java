package kz.consentledger.command.ingest;

/**
 * One thing wrong with an incoming event: the field (e.g. {@code data.operator}) and what
 * is wrong.
 */
public record Violation(String field, String message) {

	@Override
	public String toString() {
		return this.field + ": " + this.message;
	}

}
