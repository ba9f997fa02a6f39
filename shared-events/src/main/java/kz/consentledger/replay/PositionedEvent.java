package kz.consentledger.replay;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.events.Provenance;

/**
 * A subject's event (one of the records of {@code kz.consentledger.events}) at its ledger
 * position.
 */
public record PositionedEvent(long position, Object event) {

	public Provenance provenance() {
		if (this.event instanceof ConsentGranted e) {
			return e.provenance();
		}
		if (this.event instanceof ConsentWithdrawn e) {
			return e.provenance();
		}
		if (this.event instanceof ConsentWithdrawalRefused e) {
			return e.provenance();
		}
		if (this.event instanceof PolicyAccepted e) {
			return e.provenance();
		}
		if (this.event instanceof DataShared e) {
			return e.provenance();
		}
		if (this.event instanceof PolicyVersionPublished e) {
			return e.provenance();
		}
		throw new IllegalArgumentException("not a ledger event: " + this.event.getClass().getName());
	}

}
