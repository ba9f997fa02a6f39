package kz.consentledger.command.domain;

import java.util.List;

import kz.consentledger.replay.PositionedEvent;

/**
 * A subject's stream read back whole, staged events of the unit of work included, for the
 * rare re-judgment: the aggregate keeps only what its decisions need.
 */
public interface SubjectEvents {

	/** The events of the stream, positioned by sequence number. */
	List<PositionedEvent> of(String aggregateId);

}
