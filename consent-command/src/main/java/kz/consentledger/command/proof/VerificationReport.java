package kz.consentledger.command.proof;

import java.time.Instant;
import java.util.List;

import kz.consentledger.storage.LedgerStorage;

/**
 * The outcome of verifying the whole store against its chain and checkpoints.
 *
 * @param events rows in the event table
 * @param chainedPositions positions in the chain
 * @param sealedPositions positions covered by the newest checkpoint (the rest await the
 * next one)
 * @param cosigners the trusted witnesses whose cosignature of the newest checkpoint
 * verifies
 * @param problemCount every problem found; {@code problems} lists the first 1,000
 */
public record VerificationReport(Instant verifiedAt, boolean intact, long events, long chainedPositions,
		long checkpoints, long sealedPositions, List<String> cosigners, long problemCount, List<Problem> problems) {

	/**
	 * One thing that does not match. {@code kind}: {@code modified} (an event's content
	 * no longer matches its hash), {@code deleted} (a chained event is gone),
	 * {@code inserted} (an event that was never chained), {@code reordered} (an event
	 * sits at another event's place), {@code chain-altered} (the chain table itself was
	 * rewritten), {@code checkpoint-invalid} (a checkpoint is not signed by a trusted
	 * key, the newest lacks its witnesses' quorum, or its claims are not what the stored
	 * events give), {@code history-cut} / {@code history-rewritten} (a checkpoint a
	 * witness cosigned or the caller trusts is longer than the store, or not what it
	 * gives), {@code trusted-checkpoint-invalid}, and the access audit's {@code audit-*}
	 * kinds.
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
