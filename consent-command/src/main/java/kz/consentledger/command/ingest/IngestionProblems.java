package kz.consentledger.command.ingest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import kz.consentledger.command.append.ConflictingReuseException;
import kz.consentledger.service.shard.Shards;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for rejected ingestion requests, and for the DPO's own records
 * (which go through the same validation and append).
 */
@RestControllerAdvice(basePackages = { "kz.consentledger.command.ingest", "kz.consentledger.command.dpo" })
class IngestionProblems {

	@ExceptionHandler
	ProblemDetail malformed(MalformedEventException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				ex.violations().size() + " violation(s) of contract v1: " + ex.getMessage());
		problem.setType(URI.create("https://consent-ledger.kz/problems/malformed-event"));
		problem.setTitle("Malformed CloudEvent");
		problem.setProperty("violationCount", ex.violations().size());
		problem.setProperty("violations",
				ex.violations()
					.stream()
					.limit(ContractLimits.MAX_LISTED_VIOLATIONS)
					.map((v) -> Map.of("field", v.field(), "message", v.message()))
					.toList());
		return problem;
	}

	/** Nothing was appended; the same request may be sent again. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(LedgerUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setType(URI.create("https://consent-ledger.kz/problems/unavailable"));
		problem.setTitle("The ledger cannot append now");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	/** Nothing was appended; the shard named keeps the operator's events. */
	@ExceptionHandler
	ProblemDetail otherShard(OtherShardException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.MISDIRECTED_REQUEST, ex.getMessage());
		problem.setType(URI.create("https://consent-ledger.kz/problems/other-shard"));
		problem.setTitle("Kept by another shard");
		problem.setProperty("shard", ex.shard().name());
		problem.setProperty("ingestion", Shards.base(ex.shard().commandUrl()) + "/api/v1/events");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail conflict(ConflictingReuseException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(URI.create("https://consent-ledger.kz/problems/conflicting-reuse"));
		problem.setTitle("Conflicting reuse of (source, id)");
		List<Map<String, String>> conflicts = ex.conflicts()
			.stream()
			.map((key) -> Map.of("source", key.source(), "id", key.id()))
			.toList();
		problem.setProperty("conflicts", conflicts);
		return problem;
	}

}
