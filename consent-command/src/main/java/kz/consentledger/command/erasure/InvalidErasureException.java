package kz.consentledger.command.erasure;

import java.util.List;

/** An erasure request with bad input; nothing was appended. */
class InvalidErasureException extends RuntimeException {

	private final List<ErasureRequest.Violation> violations;

	InvalidErasureException(List<ErasureRequest.Violation> violations) {
		super(violations.stream().map((v) -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b).orElse(""));
		this.violations = List.copyOf(violations);
	}

	List<ErasureRequest.Violation> violations() {
		return this.violations;
	}

}
