package kz.consentledger.command.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.events.PolicyVersionPublished;

/**
 * An operator's published policy versions (stream: the operator's BIN), a plain decider.
 */
public final class OperatorPolicies {

	/** The aggregate type stored with the stream's events (Axon's column, hashed). */
	public static final String STREAM_TYPE = "OperatorPolicies";

	private final String operator;

	private long lastSequence;

	private final Map<String, PolicyTerms> versions;

	/**
	 * The operator's stream as stored: its last sequence number (-1 for none) and the
	 * terms of each version published in it.
	 */
	public OperatorPolicies(String operator, long lastSequence, Map<String, PolicyTerms> versions) {
		this.operator = operator;
		this.lastSequence = lastSequence;
		this.versions = new HashMap<>(versions);
	}

	/** Records the publication; a version published before gets a finding saying so. */
	public void decide(PublishPolicyVersion command, Decisions out) {
		List<String> findings = new ArrayList<>();
		PolicyTerms earlier = this.versions.get(command.version());
		if (earlier != null) {
			findings.add("version " + command.version() + " was already published (effective " + earlier.effectiveAt()
					+ "); this publication supersedes it");
		}
		PolicyVersionPublished published = new PolicyVersionPublished(command.operator(), command.version(),
				command.effectiveAt(), command.implicitAcceptanceDays(), command.documents(), command.purposes(),
				command.dataCategories(), command.recipients(), command.storageCountry(),
				command.retentionYearsAfterAgreementEnd(), command.retentionUntilPurposeReached() ? Boolean.TRUE : null,
				List.copyOf(findings), command.provenance());
		this.lastSequence++;
		out.add(STREAM_TYPE, this.operator, this.lastSequence, published, Map.of());
		this.versions.put(published.version(), PolicyTerms.of(published));
	}

	public Optional<PolicyTerms> terms(String version) {
		return Optional.ofNullable(this.versions.get(version));
	}

}
