package kz.consentledger.replay;

import java.time.Instant;
import java.util.List;

import kz.consentledger.consent.ConsentFold;
import kz.consentledger.consent.PurposeConsent;
import kz.consentledger.replay.ConsentState.AcceptedPolicy;
import kz.consentledger.replay.ConsentState.PendingRefusal;
import kz.consentledger.replay.ConsentState.Purpose;

/**
 * A subject's {@link ConsentState} at an instant, by {@link ConsentFold}. Bitemporal: an
 * event counts when it happened by the business time ({@code time} of the CloudEvent) and
 * the ledger had received it by the ledger time, so a late event lands where it belongs
 * and a re-judgment counts from when the ledger made it.
 */
public final class ConsentReplay {

	private ConsentReplay() {
	}

	/**
	 * @param events the subject's events with their ledger positions, in any order
	 * @param businessTime the instant the state is asked for
	 * @param ledgerTime only events received by then count ({@code businessTime} for
	 * "what the ledger knew then", now for "what we know today")
	 */
	public static ConsentState stateAt(String operator, String subject, List<PositionedEvent> events,
			Instant businessTime, Instant ledgerTime) {
		return state(operator, subject, ConsentFold.of(events, businessTime, ledgerTime), businessTime, ledgerTime);
	}

	/**
	 * The state a fold already made at these times gives, for a reader that needs the
	 * fold too.
	 */
	public static ConsentState state(String operator, String subject, ConsentFold fold, Instant businessTime,
			Instant ledgerTime) {
		List<Purpose> purposes = fold.purposes().values().stream().map((p) -> purpose(p, businessTime)).toList();
		AcceptedPolicy accepted = fold.acceptedPolicy()
			.map((a) -> new AcceptedPolicy(a.version(), a.mode(), a.validity(), a.acceptedAt()))
			.orElse(null);
		return new ConsentState(operator, subject, businessTime, ledgerTime, accepted, purposes, fold.applied(),
				fold.sharings(), fold.violations());
	}

	/** What the view shows of a purpose: no sealed field. */
	private static Purpose purpose(PurposeConsent consent, Instant at) {
		String status = consent.statusAt(at);
		PurposeConsent.Refusal refusal = consent.pendingRefusal();
		return new Purpose(consent.purpose(), status, consent.sinceAt(at), consent.dataCategories(),
				consent.recipients(), consent.crossBorderCountries(), consent.policyVersion(), consent.grantedByKind(),
				consent.channel(), consent.grantedAt(), consent.expiresAt(), consent.withdrawnAt(),
				consent.withdrawalChannel(), consent.stopDueBy(),
				(refusal != null) ? new PendingRefusal(refusal.requestedAt(), refusal.channel(), refusal.reason(),
						refusal.reference()) : null);
	}

}
