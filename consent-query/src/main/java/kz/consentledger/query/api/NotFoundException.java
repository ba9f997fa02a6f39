package kz.consentledger.query.api;

/** The requested resource does not exist; {@code resource} names what was looked for. */
public class NotFoundException extends RuntimeException {

	private final String resource;

	public NotFoundException(String resource, String message) {
		super(message);
		this.resource = resource;
	}

	public String resource() {
		return this.resource;
	}

}
