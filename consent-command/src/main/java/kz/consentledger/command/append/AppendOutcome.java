package kz.consentledger.command.append;

/** What the appender did with one request. */
public enum AppendOutcome {

	/** Appended to the event store now. */
	APPENDED,
	/** The same key with the same content was appended before: ignored. */
	DUPLICATE,
	/** The same key was appended before with other content: rejected. */
	CONFLICT

}
