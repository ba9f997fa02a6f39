package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import kz.consentledger.commands.AcceptPolicy;
import kz.consentledger.commands.GrantConsent;
import kz.consentledger.commands.RecordDataSharing;
import kz.consentledger.commands.SubjectCommand;
import kz.consentledger.commands.WithdrawConsent;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.SubjectEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One subject's consent at one operator (identifier {@code <operator>:<subject>}). Every
 * well-formed fact is recorded; what is wrong with it becomes a finding or a verdict,
 * never a rejection (contract: "a well-formed event is never dropped for business
 * reasons").
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargets")
public class SubjectConsent {

	/** Law 94-V Art. 8(7): processing stops within 15 working days of a withdrawal. */
	static final int STOP_WORKING_DAYS = 15;

	@AggregateIdentifier
	private String id;

	private final ConsentHistory history = new ConsentHistory();

	protected SubjectConsent() {
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(GrantConsent command, PolicyTermsLookup policies) {
		List<String> findings = new ArrayList<>();
		Optional<PolicyTerms> terms = policies.find(command.operator(), command.policyVersion());
		if (terms.isEmpty()) {
			findings.add(unknownVersion(command.operator(), command.policyVersion()));
		}
		terms.ifPresent((known) -> {
			command.purposes()
				.stream()
				.filter((purpose) -> !known.purposes().contains(purpose))
				.forEach((purpose) -> findings
					.add("purpose " + purpose + " is not named in policy version " + known.version()));
			command.dataCategories()
				.stream()
				.filter((category) -> !known.dataCategories().contains(category))
				.forEach((category) -> findings
					.add("category " + category + " is not named in policy version " + known.version()));
		});
		apply(new ConsentGranted(command.operator(), command.subject(), command.policyVersion(), command.purposes(),
				command.dataCategories(), command.recipients(), command.crossBorderCountries(), command.grantedBy(),
				command.channel(), command.evidence(), command.language(), command.expiresAt(), List.copyOf(findings),
				command.provenance()));
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(WithdrawConsent command) {
		Instant time = command.provenance().occurredAt();
		List<String> purposes = command.purposes().isEmpty() ? this.history.purposesInForceAt(time)
				: command.purposes();
		if (command.refusal() != null) {
			apply(new ConsentWithdrawalRefused(command.operator(), command.subject(), purposes, command.channel(),
					command.applicationRef(), command.refusal(), command.provenance()));
			return;
		}
		LocalDate stopDueBy = KazakhstanCalendar.addWorkingDays(LocalDate.ofInstant(time, KazakhstanCalendar.ZONE),
				STOP_WORKING_DAYS);
		apply(new ConsentWithdrawn(command.operator(), command.subject(), purposes, command.channel(),
				command.applicationRef(), stopDueBy, command.provenance()));
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(AcceptPolicy command, PolicyTermsLookup policies) {
		Optional<PolicyTerms> terms = policies.find(command.operator(), command.policyVersion());
		String validity;
		List<String> findings = new ArrayList<>();
		if (terms.isEmpty()) {
			validity = "unknown-version";
			findings.add(unknownVersion(command.operator(), command.policyVersion()));
		}
		else if ("implicit".equals(command.mode())
				&& command.provenance().occurredAt().isBefore(terms.get().implicitAcceptanceFrom())) {
			validity = "premature";
			findings.add("implicit acceptance is valid only from " + terms.get().implicitAcceptanceFrom() + " ("
					+ terms.get().implicitAcceptanceDays() + " days after the version took effect)");
		}
		else {
			validity = "valid";
		}
		apply(new PolicyAccepted(command.operator(), command.subject(), command.policyVersion(), command.mode(),
				validity, List.copyOf(findings), command.provenance()));
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(RecordDataSharing command, PolicyTermsLookup policies) {
		SharingVerdict verdict;
		if ("consent".equals(command.legalBasis())) {
			verdict = new SharingEvaluation(this.history, (version) -> policies.find(command.operator(), version))
				.judge(command.provenance().occurredAt(), command.purpose(), command.dataCategories(),
						command.recipient());
		}
		else {
			verdict = new SharingVerdict(SharingVerdict.OK,
					List.of("legal basis " + command.legalBasis() + " does not rest on consent"
							+ ((command.requestRef() != null) ? " (request " + command.requestRef() + ")" : "")),
					null);
		}
		apply(new DataShared(command.operator(), command.subject(), command.recipient(), command.purpose(),
				command.dataCategories(), command.legalBasis(), command.requestRef(), verdict.outcome(),
				verdict.reasons(), verdict.stopDueBy(), command.provenance()));
	}

	@EventSourcingHandler
	void on(ConsentGranted event) {
		identify(event);
		this.history.grant(event.provenance().occurredAt(), Vocabulary.of(event.purposes()), GrantTerms.of(event));
	}

	@EventSourcingHandler
	void on(ConsentWithdrawn event) {
		identify(event);
		this.history.withdraw(new WithdrawalRecord(event.provenance().occurredAt(), Vocabulary.of(event.purposes()),
				event.stopDueBy()));
	}

	/**
	 * A disclosure, an acceptance or a refused withdrawal changes nothing the commands
	 * decide on, so its payload is read only when it names a new aggregate. Axon
	 * deserializes a stored event when a handler takes its payload: taking the message
	 * instead, sourcing a subject the cache has evicted reads back its grants and
	 * withdrawals only, under half of a typical stream. Axon calls the most specific
	 * handler, so grants and withdrawals go to theirs above.
	 */
	@EventSourcingHandler(payloadType = SubjectEvent.class)
	void on(DomainEventMessage<? extends SubjectEvent> event) {
		if (this.id == null) {
			identify(event.getPayload());
		}
	}

	/** A stream names one aggregate: its first event is enough. */
	private void identify(SubjectEvent event) {
		if (this.id == null) {
			this.id = SubjectCommand.aggregateId(event.operator(), event.subject());
		}
	}

	private static String unknownVersion(String operator, String version) {
		return "policy version " + version + " has not been published by operator " + operator;
	}

}
