package kz.consentledger.events;

import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * A subject accepted a policy version, {@code explicit}ly or {@code implicit}ly (by using
 * the service for the version's implicit-acceptance period). {@code validity} is
 * {@code valid}, {@code premature} (implicit acceptance before the period ended) or
 * {@code unknown-version}; {@code findings} explains it.
 */
@Revision("1")
public record PolicyAccepted(String operator, String subject, String policyVersion, String mode, String validity,
		List<String> findings, Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.accepted(this);
	}

}
