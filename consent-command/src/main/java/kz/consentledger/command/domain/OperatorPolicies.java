package kz.consentledger.command.domain;

import kz.consentledger.consent.PolicyTerms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.events.PolicyVersionPublished;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An operator's published policy versions (aggregate identifier: the operator's BIN). */
@Aggregate(commandTargetResolver = "commandTargets")
public class OperatorPolicies {

	@AggregateIdentifier
	private String operator;

	private final Map<String, PolicyTerms> versions = new HashMap<>();

	protected OperatorPolicies() {
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(PublishPolicyVersion command) {
		List<String> findings = new ArrayList<>();
		PolicyTerms earlier = this.versions.get(command.version());
		if (earlier != null) {
			findings.add("version " + command.version() + " was already published (effective " + earlier.effectiveAt()
					+ "); this publication supersedes it");
		}
		apply(new PolicyVersionPublished(command.operator(), command.version(), command.effectiveAt(),
				command.implicitAcceptanceDays(), command.documents(), command.purposes(), command.dataCategories(),
				command.recipients(), command.storageCountry(), command.retentionYearsAfterAgreementEnd(),
				command.retentionUntilPurposeReached() ? Boolean.TRUE : null, List.copyOf(findings),
				command.provenance()));
	}

	@EventSourcingHandler
	void on(PolicyVersionPublished event) {
		this.operator = event.operator();
		this.versions.put(event.version(), PolicyTerms.of(event));
	}

	public Optional<PolicyTerms> terms(String version) {
		return Optional.ofNullable(this.versions.get(version));
	}

}
