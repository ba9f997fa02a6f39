package kz.consentledger.command.ingest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An incoming record that is not a well-formed event of contract v1; names every
 * violation.
 */
public class MalformedEventException extends RuntimeException {

	private final transient List<Violation> violations;

	public MalformedEventException(List<Violation> violations) {
		super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	public List<Violation> violations() {
		return this.violations;
	}

}
