package kz.consentledger.command.erasure;

import java.net.URI;
import java.util.Map;

import kz.consentledger.command.append.ConflictingReuseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for refused erasures; none of them destroyed anything. */
@RestControllerAdvice(assignableTypes = ErasureController.class)
class ErasureProblems {

	private static final String TYPES = "https://consent-ledger.kz/problems/";

	@ExceptionHandler
	ProblemDetail invalid(InvalidErasureException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-erasure", "Invalid erasure request",
				ex.getMessage());
		problem.setProperty("violations",
				ex.violations().stream().map((v) -> Map.of("field", v.field(), "message", v.message())).toList());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail unknown(UnknownSubjectException ex) {
		return problem(HttpStatus.NOT_FOUND, "unknown-subject", "Unknown subject", ex.getMessage());
	}

	/** The same Idempotency-Key was used before for another erasure. */
	@ExceptionHandler
	ProblemDetail conflict(ConflictingReuseException ex) {
		return problem(HttpStatus.CONFLICT, "conflicting-reuse", "Conflicting reuse of the Idempotency-Key",
				ex.getMessage());
	}

	/** Nothing was appended nor destroyed; the same request may be sent again. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(UnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The ledger cannot append now",
					ex.getMessage()));
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPES + type));
		problem.setTitle(title);
		return problem;
	}

	static class UnknownSubjectException extends RuntimeException {

		UnknownSubjectException(String message) {
			super(message);
		}

	}

	static class UnavailableException extends RuntimeException {

		UnavailableException(Throwable cause) {
			super("the ledger cannot append now: " + cause.getMessage(), cause);
		}

	}

}
