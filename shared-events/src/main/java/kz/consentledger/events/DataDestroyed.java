package kz.consentledger.events;

import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * What the operator did with a subject's data: {@code outcome} {@code destroyed},
 * {@code depersonalised} or {@code held} (a statute requires keeping it: {@code hold}
 * names it, and access is restricted and processing suspended instead, Law 94-V Art. 18).
 * {@code dueEventId} is the {@link DestructionDue} (or subject request) it answers, when
 * there is one; {@code performedBy} is sealed.
 */
@Revision("1")
public record DataDestroyed(String operator, String subject, String dueEventId, String trigger, String outcome,
		String hold, List<String> dataCategories, List<String> systems, String method, String performedBy,
		Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.destroyed(this);
	}

}
