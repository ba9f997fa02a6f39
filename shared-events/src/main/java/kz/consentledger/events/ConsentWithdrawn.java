package kz.consentledger.events;

import java.time.LocalDate;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * A subject withdrew consent for {@code purposes}; empty when the request named none,
 * meaning every purpose held at its business time (earlier events hold the list resolved
 * at receipt). Processing must stop by {@code stopDueBy}: 15 working days on Kazakhstan's
 * calendar (Law 94-V Art. 8(7)), as computed by the calendar data of version
 * {@code stopDueCalendar}, {@code stopDueProvisional} when it counted days beyond that
 * data. {@code applicationRef} is sealed.
 * <p>
 * Revision 2 added {@code stopDueCalendar} and {@code stopDueProvisional}; a revision 1
 * payload reads them as null: its date was computed by the rules in code, before the
 * calendar was data. The step only adds a nullable field, which every reader (Axon and
 * the offline {@link kz.consentledger.replay.StoredPayloads}) reads the same way, so it
 * needs no upcaster.
 */
@Revision("2")
public record ConsentWithdrawn(String operator, String subject, List<String> purposes, String channel,
		String applicationRef, LocalDate stopDueBy, String stopDueCalendar, Boolean stopDueProvisional,
		Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.withdrawn(this);
	}

}
