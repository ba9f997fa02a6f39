package kz.consentledger.replay;

import kz.consentledger.events.SubjectEvent;

/** A subject's event at its ledger position (the event store's global index). */
public record PositionedEvent(long position, SubjectEvent event) {

}
