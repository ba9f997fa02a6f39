package kz.consentledger.command.ingest;

import kz.consentledger.command.append.AppendOutcome;

/** What the ledger did with one valid incoming event. */
public record Outcome(IncomingEvent event, Status status) {

	public enum Status {

		/** Appended to the event store now. */
		APPENDED,
		/**
		 * The same {@code (source, id)} with the same content was appended before:
		 * ignored.
		 */
		DUPLICATE,
		/**
		 * The same {@code (source, id)} was appended before with other content: rejected.
		 */
		CONFLICT,
		/** Valid, but the ledger could not append it: dead-lettered. */
		UNPROCESSABLE;

		static Status of(AppendOutcome outcome) {
			return switch (outcome) {
				case APPENDED -> APPENDED;
				case DUPLICATE -> DUPLICATE;
				case CONFLICT -> CONFLICT;
			};
		}

	}

}
