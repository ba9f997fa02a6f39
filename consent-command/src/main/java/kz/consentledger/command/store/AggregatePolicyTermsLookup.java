package kz.consentledger.command.store;

import java.util.Optional;

import kz.consentledger.command.domain.OperatorPolicies;
import kz.consentledger.command.domain.PolicyTerms;
import kz.consentledger.command.domain.PolicyTermsLookup;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Reads policy terms from the operator's {@link OperatorPolicies} aggregate inside the
 * current unit of work, so a policy published earlier in the same ingestion batch is
 * already visible.
 */
@Component
class AggregatePolicyTermsLookup implements PolicyTermsLookup {

	private final ObjectProvider<Repository<OperatorPolicies>> repository;

	AggregatePolicyTermsLookup(ObjectProvider<Repository<OperatorPolicies>> repository) {
		this.repository = repository;
	}

	@Override
	public Optional<PolicyTerms> find(String operator, String version) {
		try {
			return this.repository.getObject().load(operator).invoke((policies) -> policies.terms(version));
		}
		catch (AggregateNotFoundException ex) {
			return Optional.empty();
		}
	}

}
