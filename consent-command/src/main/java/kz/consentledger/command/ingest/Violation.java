package kz.consentledger.command.ingest;

/**
 * One thing wrong with an incoming event: the field (e.g. {@code data.operator}) and what
 * is wrong, each one line of bounded length whatever the input quoted in it.
 */
public record Violation(String field, String message) {

	public Violation {
		field = ContractLimits.oneLine(field);
		message = ContractLimits.oneLine(message);
	}

	@Override
	public String toString() {
		return this.field + ": " + this.message;
	}

}
