package kz.consentledger.command.proof;

import java.time.Instant;
import java.util.List;

import kz.consentledger.storage.LedgerStorage;

/**
 * The outcome of verifying the whole store against its chain and checkpoints.
 *
 * @param events rows in the event table
 * @param chainedPositions positions in the chain
 * @param sealedPositions positions covered by a checkpoint (the rest await the next one)
 * @param problemCount every problem found; {@code problems} lists the first 1,000
 */
public record VerificationReport(Instant verifiedAt, boolean intact, long events, long chainedPositions,
		long checkpoints, long sealedPositions, long problemCount, List<Problem> problems) {

	/**
	 * One thing that does not match. {@code kind}: {@code modified} (an event's content
	 * no longer matches its hash), {@code deleted} (a chained event is gone),
	 * {@code inserted} (an event that was never chained), {@code reordered} (an event
	 * sits at another event's place), {@code chain-altered} (the chain table itself was
	 * rewritten) or {@code checkpoint-invalid} (a signature or a signed root does not
	 * match).
	 */
	public record Problem(String kind, String operator, String subject, String eventId, Long globalIndex, Long position,
			String detail) {

		static Problem about(String kind, String aggregateId, String eventId, Long globalIndex, Long position,
				String detail) {
			String operator = (aggregateId != null) ? LedgerStorage.operatorOf(aggregateId) : null;
			String subject = (aggregateId != null) ? LedgerStorage.subjectOf(aggregateId) : null;
			return new Problem(kind, operator, subject, eventId, globalIndex, position, detail);
		}

	}

}
