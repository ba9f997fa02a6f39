package kz.consentledger.events;

import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * The subject's data (the {@code dataCategories} for the {@code purposes}; empty means
 * all) must be destroyed by {@code due} because of {@code trigger}:
 * {@code purpose-reached}, {@code term-ended}, {@code agreement-ended},
 * {@code consent-withdrawn}, {@code subject-request}, {@code court-order} or
 * {@code unlawful-processing}, under {@code legalReference} (Law 94-V Art. 18, 25(2)(4)).
 * {@code requestRef} names the subject's request or the court decision behind it.
 */
@Revision("1")
public record DestructionDue(String operator, String subject, String trigger, String legalReference,
		List<String> purposes, List<String> dataCategories, String requestRef, DueDate due,
		Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.destructionDue(this);
	}

}
