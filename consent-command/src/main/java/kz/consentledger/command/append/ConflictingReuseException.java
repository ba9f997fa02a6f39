package kz.consentledger.command.append;

import java.util.List;
import java.util.stream.Collectors;

/** An all-or-nothing batch reused a key with different content. */
public class ConflictingReuseException extends RuntimeException {

	private final transient List<IdempotencyKey> conflicts;

	public ConflictingReuseException(List<IdempotencyKey> conflicts) {
		super(conflicts.stream()
			.map((key) -> "(source " + key.source() + ", id " + key.id()
					+ ") was already used for an event with different content")
			.collect(Collectors.joining("; ")));
		this.conflicts = List.copyOf(conflicts);
	}

	public List<IdempotencyKey> conflicts() {
		return this.conflicts;
	}

}
