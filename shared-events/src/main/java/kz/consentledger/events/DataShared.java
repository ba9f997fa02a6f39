package kz.consentledger.events;

import java.time.LocalDate;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * The operator disclosed a subject's data to a recipient. The ledger's verdict is
 * {@code ok}, {@code late-stop} (a withdrawn purpose inside the stop window ending
 * {@code stopDueBy}) or {@code violation}, with the reasons that led to it.
 */
@Revision("1")
public record DataShared(String operator, String subject, Recipient recipient, String purpose,
		List<String> dataCategories, String legalBasis, String requestRef, String verdict, List<String> reasons,
		LocalDate stopDueBy, Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.shared(this);
	}

}
