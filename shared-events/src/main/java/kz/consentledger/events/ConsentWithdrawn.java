package kz.consentledger.events;

import java.time.LocalDate;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * A subject withdrew consent for {@code purposes}; empty when the request named none,
 * meaning every purpose held at its business time (earlier events hold the list resolved
 * at receipt). Processing must stop by {@code stopDueBy}: 15 working days on Kazakhstan's
 * calendar (Law 94-V Art. 8(7)). {@code applicationRef} is sealed.
 */
@Revision("1")
public record ConsentWithdrawn(String operator, String subject, List<String> purposes, String channel,
		String applicationRef, LocalDate stopDueBy, Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.withdrawn(this);
	}

}
