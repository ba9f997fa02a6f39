package kz.consentledger.command.domain;

import java.util.Optional;

import kz.consentledger.consent.PolicyTerms;

/**
 * Finds the terms of an operator's published policy version, including ones staged in
 * this unit of work.
 */
public interface PolicyTermsLookup {

	Optional<PolicyTerms> find(String operator, String version);

}
