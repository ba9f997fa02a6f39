package kz.consentledger.command.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import kz.consentledger.command.domain.OperatorPolicies;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.command.domain.PolicyTermsLookup;
import kz.consentledger.events.PolicyVersionPublished;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Policy terms as published in the operators' streams, read without deciding anything:
 * every consent of every consumer thread consults them. Committed versions are kept per
 * operator and brought up to date from the event store once per batch (unit of work); the
 * batch itself looks up the versions it publishes first ({@code BatchDecider}).
 */
@Component
public class PolicyCatalogue implements PolicyTermsLookup {

	private static final String REFRESHED = PolicyCatalogue.class.getName() + ".refreshed";

	private final EventStorageEngine storage;

	private final Map<String, Known> committed = new ConcurrentHashMap<>();

	PolicyCatalogue(EventStorageEngine storage) {
		this.storage = storage;
	}

	@Override
	public Optional<PolicyTerms> find(String operator, String version) {
		if (!CurrentUnitOfWork.isStarted()) {
			return Optional.ofNullable(refresh(operator).versions().get(version));
		}
		UnitOfWork<?> root = CurrentUnitOfWork.get().root();
		Set<String> refreshed = root.getOrComputeResource(REFRESHED, (name) -> ConcurrentHashMap.newKeySet());
		Known known = refreshed.add(operator) ? refresh(operator) : this.committed.get(operator);
		return Optional.ofNullable(known.versions().get(version));
	}

	/**
	 * The operator's stream as committed now, to decide a publication with.
	 */
	public OperatorPolicies stream(String operator) {
		Known known = refresh(operator);
		return new OperatorPolicies(operator, known.lastSequence(), known.versions());
	}

	/** Reads the operator's publications appended since the last refresh. */
	private Known refresh(String operator) {
		return this.committed.compute(operator, (name, known) -> {
			Known current = (known != null) ? known : new Known(-1, Map.of());
			Map<String, PolicyTerms> versions = null;
			long last = current.lastSequence();
			var stream = this.storage.readEvents(operator, last + 1);
			while (stream.hasNext()) {
				DomainEventMessage<?> event = stream.next();
				if (event.getPayload() instanceof PolicyVersionPublished published) {
					versions = (versions != null) ? versions : new HashMap<>(current.versions());
					versions.put(published.version(), PolicyTerms.of(published));
				}
				last = event.getSequenceNumber();
			}
			return (versions != null) ? new Known(last, Map.copyOf(versions)) : new Known(last, current.versions());
		});
	}

	/** An operator's committed versions up to its stream's sequence number. */
	private record Known(long lastSequence, Map<String, PolicyTerms> versions) {
	}

}
