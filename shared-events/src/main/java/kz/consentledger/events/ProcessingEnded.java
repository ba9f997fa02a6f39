package kz.consentledger.events;

import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * The user agreement ended ({@code reason} {@code agreement-ended}) or the purposes were
 * reached ({@code purpose-reached}): the retention clock of {@code policyVersion}'s rule
 * ({@code retentionRule}, in words) starts, giving {@code destroyBy}; null when the
 * version states no retention.
 */
@Revision("1")
public record ProcessingEnded(String operator, String subject, String reason, List<String> purposes,
		String policyVersion, String retentionRule, DueDate destroyBy, Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.processingEnded(this);
	}

}
