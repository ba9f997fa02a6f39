package kz.consentledger.query.admin;

import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import kz.consentledger.query.parking.ParkedEvents;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The events a processor parked (docs/reliability.md): list them by stream, retry them
 * once their cause is fixed, or evict them for a stated reason.
 */
@RestController
class ParkedEventsController {

	private static final int MAX_LISTED = 1000;

	private final ParkedEvents parked;

	ParkedEventsController(ParkedEvents parked) {
		this.parked = parked;
	}

	@Operation(summary = "The streams whose events a processor parked: each with its first event, the cause and "
			+ "how many events wait (up to 1,000 streams, the longest waiting first)")
	@GetMapping("/api/v1/admin/projections/{processor}/parked")
	ParkedView list(@PathVariable String processor) {
		known(processor);
		return new ParkedView(processor, this.parked.total(), this.parked.sequences(MAX_LISTED));
	}

	@Operation(summary = "Handle parked events again: one stream (sequence) or every one; "
			+ "what applies leaves the queue, what fails again stays with its new cause")
	@PostMapping("/api/v1/admin/projections/{processor}/parked/retry")
	List<ParkedEvents.RetryOutcome> retry(@PathVariable String processor,
			@Parameter(
					description = "the stream to retry, as listed (operator:subject); all when absent") @RequestParam(
							required = false) String sequence) {
		known(processor);
		return (sequence != null) ? List.of(this.parked.retry(sequence)) : this.parked.retryAll();
	}

	@Operation(summary = "Give up on a stream's parked events: they leave the queue unapplied "
			+ "(still in the event store; a rebuild replays them); the reason is logged")
	@PostMapping("/api/v1/admin/projections/{processor}/parked/evict")
	EvictView evict(@PathVariable String processor,
			@Parameter(description = "the stream to evict, as listed (operator:subject)") @RequestParam String sequence,
			@Parameter(description = "why: logged with the account") @RequestParam String reason, Principal account) {
		known(processor);
		if (reason.isBlank()) {
			throw new IllegalArgumentException("reason must not be blank: it is logged with the eviction");
		}
		return new EvictView(sequence, this.parked.evict(sequence, account.getName(), reason.strip()));
	}

	private static void known(String processor) {
		if (!ParkedEvents.PROCESSOR.equals(processor)) {
			throw new IllegalArgumentException(
					"processor " + processor + " parks nothing: only " + ParkedEvents.PROCESSOR + " does");
		}
	}

	/** A processor's parked events: how many in all, and by stream. */
	record ParkedView(String processor, long parkedEvents, List<ParkedEvents.ParkedSequence> sequences) {
	}

	/** How many events of {@code sequence} left the queue. */
	record EvictView(String sequence, int evictedEvents) {
	}

}
