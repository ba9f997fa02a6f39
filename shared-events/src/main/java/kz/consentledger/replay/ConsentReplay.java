package kz.consentledger.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.Provenance;
import kz.consentledger.replay.ConsentState.AcceptedPolicy;
import kz.consentledger.replay.ConsentState.PendingRefusal;
import kz.consentledger.replay.ConsentState.Purpose;

/**
 * Folds a subject's events into its {@link ConsentState} at an instant. Bitemporal: an
 * event counts when it happened by the business time ({@code time} of the CloudEvent) and
 * the ledger had received it by the ledger time; counted events apply in business order
 * (ledger order breaks ties), so a late event lands where it belongs.
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
		List<PositionedEvent> counted = new ArrayList<>();
		for (PositionedEvent event : events) {
			Provenance provenance = event.provenance();
			if (!provenance.occurredAt().isAfter(businessTime) && !provenance.receivedAt().isAfter(ledgerTime)) {
				counted.add(event);
			}
		}
		counted.sort(Comparator.comparing((PositionedEvent e) -> e.provenance().occurredAt())
			.thenComparingLong(PositionedEvent::position));
		Fold fold = new Fold();
		counted.forEach((event) -> fold.apply(event.event()));
		List<Purpose> purposes = new ArrayList<>();
		for (Purpose purpose : fold.purposes.values()) {
			boolean expired = "active".equals(purpose.status()) && purpose.expiresAt() != null
					&& !businessTime.isBefore(purpose.expiresAt());
			purposes.add(expired ? purpose.expired() : purpose);
		}
		return new ConsentState(operator, subject, businessTime, ledgerTime, fold.acceptedPolicy, purposes,
				counted.size(), fold.sharings, fold.violations);
	}

	/** The same rules as the live projection of current consent. */
	private static final class Fold {

		private final Map<String, Purpose> purposes = new TreeMap<>();

		private AcceptedPolicy acceptedPolicy;

		private int sharings;

		private int violations;

		void apply(Object event) {
			if (event instanceof ConsentGranted granted) {
				Instant at = granted.provenance().occurredAt();
				for (String purpose : granted.purposes()) {
					this.purposes.put(purpose,
							new Purpose(purpose, "active", at, granted.dataCategories(), granted.recipients(),
									granted.crossBorderCountries(), granted.policyVersion(), granted.grantedBy().kind(),
									granted.channel(), at, granted.expiresAt(), null, null, null, null));
				}
			}
			else if (event instanceof ConsentWithdrawn withdrawn) {
				Instant at = withdrawn.provenance().occurredAt();
				for (String name : withdrawn.purposes()) {
					Purpose p = this.purposes.get(name);
					if (p != null) {
						this.purposes.put(name, p.withdrawn(at, withdrawn.channel(), withdrawn.stopDueBy()));
					}
				}
			}
			else if (event instanceof ConsentWithdrawalRefused refused) {
				PendingRefusal refusal = new PendingRefusal(refused.provenance().occurredAt(), refused.channel(),
						refused.refusal().reason(), refused.refusal().reference());
				for (String name : refused.purposes()) {
					Purpose p = this.purposes.get(name);
					if (p != null && "active".equals(p.status())) {
						this.purposes.put(name, p.refused(refusal));
					}
				}
			}
			else if (event instanceof PolicyAccepted accepted) {
				this.acceptedPolicy = new AcceptedPolicy(accepted.policyVersion(), accepted.mode(), accepted.validity(),
						accepted.provenance().occurredAt());
			}
			else if (event instanceof DataShared shared) {
				this.sharings++;
				if ("violation".equals(shared.verdict())) {
					this.violations++;
				}
			}
		}

	}

}
