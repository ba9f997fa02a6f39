package kz.consentledger.query.api;

/**
 * A request parameter, path segment or header holds what the ledger cannot take;
 * {@code parameter} names it (a 400 problem with that name).
 */
public class InvalidParameterException extends IllegalArgumentException {

	private final String parameter;

	public InvalidParameterException(String parameter, String problem) {
		super(parameter + " " + problem);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

}
