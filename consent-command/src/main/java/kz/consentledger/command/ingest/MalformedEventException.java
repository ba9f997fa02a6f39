package kz.consentledger.command.ingest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An incoming record that is not a well-formed event of contract v1; names every
 * violation (its message lists the first {@link ContractLimits#MAX_LISTED_VIOLATIONS}).
 */
public class MalformedEventException extends RuntimeException {

	/** The dead-letter kind of a record that is malformed. */
	public static final String MALFORMED = "malformed";

	/** The dead-letter kind of a record over the size limit, refused before parsing. */
	public static final String TOO_LARGE = "too-large";

	private final transient List<Violation> violations;

	private final String kind;

	public MalformedEventException(List<Violation> violations) {
		this(MALFORMED, violations);
	}

	public MalformedEventException(String kind, List<Violation> violations) {
		super(summary(violations));
		this.kind = kind;
		this.violations = List.copyOf(violations);
	}

	public List<Violation> violations() {
		return this.violations;
	}

	/** {@link #MALFORMED} or {@link #TOO_LARGE}. */
	public String kind() {
		return this.kind;
	}

	/** The first violations, one line, and how many more there are. */
	static String summary(List<Violation> violations) {
		String listed = violations.stream()
			.limit(ContractLimits.MAX_LISTED_VIOLATIONS)
			.map(Violation::toString)
			.collect(Collectors.joining("; "));
		int more = violations.size() - ContractLimits.MAX_LISTED_VIOLATIONS;
		return (more > 0) ? listed + "; and " + more + " more" : listed;
	}

}
