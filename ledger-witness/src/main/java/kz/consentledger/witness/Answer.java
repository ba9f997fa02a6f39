package kz.consentledger.witness;

/** What the witness answers: an HTTP status, a content type and a body. */
record Answer(int status, String contentType, String body) {

	static final String TEXT = "text/plain; charset=utf-8";

	static Answer text(int status, String message) {
		return new Answer(status, TEXT, message.endsWith("\n") ? message : message + "\n");
	}

}
