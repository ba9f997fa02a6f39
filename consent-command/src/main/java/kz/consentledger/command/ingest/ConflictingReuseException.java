package kz.consentledger.command.ingest;

import java.util.List;
import java.util.stream.Collectors;

/** An all-or-nothing request reused a {@code (source, id)} with different content. */
public class ConflictingReuseException extends RuntimeException {

	private final transient List<IncomingEvent> conflicts;

	public ConflictingReuseException(List<IncomingEvent> conflicts) {
		super(conflicts.stream()
			.map((event) -> "(source " + event.source() + ", id " + event.id()
					+ ") was already used for an event with different content")
			.collect(Collectors.joining("; ")));
		this.conflicts = List.copyOf(conflicts);
	}

	public List<IncomingEvent> conflicts() {
		return this.conflicts;
	}

}
