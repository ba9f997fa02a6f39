package kz.consentledger.events;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * The subject's data key was destroyed (crypto-shredding, Law 94-V Art. 18): every field
 * sealed with it ({@code fields}, by name) is unreadable from now on, in every view,
 * export and bundle, while the chain still verifies. {@code keyCreatedAt} dates the
 * destroyed key (null when the subject had none); {@code reason}, {@code requestedBy}
 * ({@code subject}, {@code operator}, {@code court}, {@code authorised-body}) and
 * {@code requestRef} say why and on whose request, {@code erasedBy} the account that
 * ordered it.
 */
@Revision("1")
public record SubjectErased(String operator, String subject, String destroyed, Instant keyCreatedAt,
		List<String> fields, String reason, String requestedBy, String requestRef, String erasedBy,
		Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.erased(this);
	}

}
