package kz.consentledger.query.api;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problem details for the query API. */
@RestControllerAdvice
class QueryProblems {

	@ExceptionHandler
	ProblemDetail notFound(NotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setType(URI.create("https://consent-ledger.kz/problems/not-found"));
		problem.setTitle("Not found: " + ex.resource());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidParameter(InvalidParameterException ex) {
		ProblemDetail problem = badRequestProblem(ex.getMessage());
		problem.setProperty("parameter", ex.parameter());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return badRequestProblem(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail badParameter(MethodArgumentTypeMismatchException ex) {
		return badRequestProblem("parameter " + ex.getName() + " has an invalid value: " + ex.getValue());
	}

	private static ProblemDetail badRequestProblem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(URI.create("https://consent-ledger.kz/problems/bad-request"));
		problem.setTitle("Bad request");
		return problem;
	}

}
