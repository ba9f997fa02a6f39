package kz.consentledger.command.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import kz.consentledger.commands.AcceptPolicy;
import kz.consentledger.commands.AnswerSubjectRequest;
import kz.consentledger.commands.EndProcessing;
import kz.consentledger.commands.ReceiveSubjectRequest;
import kz.consentledger.commands.RecordDestruction;
import kz.consentledger.commands.RecordDestructionDue;
import kz.consentledger.commands.EraseSubject;
import kz.consentledger.commands.GrantConsent;
import kz.consentledger.commands.RecordDataSharing;
import kz.consentledger.commands.RejudgeSubject;
import kz.consentledger.commands.SubjectCommand;
import kz.consentledger.commands.WithdrawConsent;
import kz.consentledger.consent.ConsentFold;
import kz.consentledger.consent.ConsentFold.Judgment;
import kz.consentledger.consent.ConsentHistory;
import kz.consentledger.consent.GrantTerms;
import kz.consentledger.consent.Judgments;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.consent.SharingVerdict;
import kz.consentledger.consent.Vocabulary;
import kz.consentledger.consent.WithdrawalRecord;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.DueDate;
import kz.consentledger.events.EventKind;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.ProcessingEnded;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import kz.consentledger.events.SubjectErased;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.replay.PositionedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One subject's consent at one operator (identifier {@code <operator>:<subject>}). Every
 * well-formed fact is recorded; what is wrong with it becomes a finding or a verdict,
 * never a rejection (contract: "a well-formed event is never dropped for business
 * reasons"). The rules are {@link Judgments} and {@link ConsentHistory}, shared with
 * every reader. A fact that arrives after a disclosure it bears on, and a policy version
 * published after events named it, make the ledger judge those events again
 * ({@link JudgmentRevised}, ADR 0023).
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargets")
public class SubjectConsent {

	/** Law 94-V Art. 8(7): processing stops within 15 working days of a withdrawal. */
	public static final int STOP_WORKING_DAYS = 15;

	/** The CloudEvents source of the ledger's own re-judgments. */
	public static final String JUDGMENT_SOURCE = "urn:consent-ledger:judgments";

	/**
	 * Beside a disclosure, its business time and purpose: sourcing reads them without
	 * reading the payload (ADR 0019).
	 */
	static final String OCCURRED_AT = "occurredAt";

	static final String PURPOSE = "purpose";

	@AggregateIdentifier
	private String id;

	private final ConsentHistory history = new ConsentHistory();

	/**
	 * Per purpose, the latest business time of a disclosure of this subject: a handful of
	 * entries, with the words held once per JVM.
	 */
	private final Map<String, Instant> latestDisclosureAt = new HashMap<>(4);

	protected SubjectConsent() {
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(GrantConsent command, PolicyTermsLookup policies, PolicyReferences references,
			SubjectEvents past) {
		Optional<PolicyTerms> terms = policies.find(command.operator(), command.policyVersion());
		if (terms.isEmpty()) {
			references.unresolved(command.operator(), command.policyVersion(), command.aggregateId());
		}
		apply(new ConsentGranted(command.operator(), command.subject(), command.policyVersion(), command.purposes(),
				command.dataCategories(), command.recipients(), command.crossBorderCountries(), command.grantedBy(),
				command.channel(), command.evidence(), command.language(), command.expiresAt(),
				Judgments.ofGrant(command.operator(), command.policyVersion(), command.purposes(),
						command.dataCategories(), terms),
				command.provenance()));
		rejudgeDisclosuresSince(command.provenance(), command.purposes(), "consent-granted", policies, past);
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(WithdrawConsent command, PolicyTermsLookup policies, SubjectEvents past,
			KazakhstanCalendar calendar) {
		Instant time = command.provenance().occurredAt();
		// None named: every purpose in force at its business time, which the fold and the
		// index resolve, so a grant that arrives later is withdrawn too.
		List<String> purposes = command.purposes();
		if (command.refusal() != null) {
			apply(new ConsentWithdrawalRefused(command.operator(), command.subject(), purposes, command.channel(),
					command.applicationRef(), command.refusal(), command.provenance()));
			return;
		}
		DueDate stop = calendar.due(time, STOP_WORKING_DAYS);
		apply(new ConsentWithdrawn(command.operator(), command.subject(), purposes, command.channel(),
				command.applicationRef(), stop.date(), stop.calendar(), stop.provisional(), command.provenance()));
		rejudgeDisclosuresSince(command.provenance(),
				purposes.isEmpty() ? List.copyOf(this.latestDisclosureAt.keySet()) : purposes, "consent-withdrawn",
				policies, past);
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(AcceptPolicy command, PolicyTermsLookup policies, PolicyReferences references) {
		Optional<PolicyTerms> terms = policies.find(command.operator(), command.policyVersion());
		if (terms.isEmpty()) {
			references.unresolved(command.operator(), command.policyVersion(), command.aggregateId());
		}
		Judgments.Acceptance acceptance = Judgments.ofAcceptance(command.operator(), command.policyVersion(),
				command.mode(), command.provenance().occurredAt(), terms);
		apply(new PolicyAccepted(command.operator(), command.subject(), command.policyVersion(), command.mode(),
				acceptance.validity(), acceptance.findings(), command.provenance()));
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(RecordDataSharing command, PolicyTermsLookup policies) {
		SharingVerdict verdict = judge(command.operator(), command.provenance().occurredAt(), Integer.MAX_VALUE,
				command.purpose(), command.dataCategories(), command.recipient(), command.legalBasis(),
				command.requestRef(), policies);
		apply(new DataShared(command.operator(), command.subject(), command.recipient(), command.purpose(),
				command.dataCategories(), command.legalBasis(), command.requestRef(), verdict.outcome(),
				verdict.reasons(), verdict.stopDueBy(), command.provenance()),
				MetaData.with(OCCURRED_AT, command.provenance().occurredAt().toString())
					.and(PURPOSE, command.purpose()));
	}

	/**
	 * Crypto-shredding (ADR 0025): the key is destroyed in this unit of work, so it goes
	 * exactly when the erasure is stored. An erased subject may be erased again: the new
	 * event says the key was already destroyed. Only a subject the ledger knows.
	 */
	@CommandHandler
	public void handle(EraseSubject command, SubjectKeys keys, SubjectEvents past) {
		List<String> fields = SealedFields.of(past.of(this.id));
		SubjectKeys.Destroyed destroyed = keys.destroy(command.operator(), command.subject(),
				command.provenance().receivedAt());
		apply(new SubjectErased(command.operator(), command.subject(), destroyed.what(), destroyed.keyCreatedAt(),
				fields, command.reason(), command.requestedBy(), command.requestRef(), command.erasedBy(),
				command.provenance()));
	}

	/** A subject's request, due on its kind's term (issue 27). */
	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(ReceiveSubjectRequest command, DutyTerms terms) {
		apply(SubjectDuties.received(command, terms));
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(AnswerSubjectRequest command) {
		apply(SubjectDuties.answered(command));
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(RecordDestructionDue command, DutyTerms terms) {
		apply(SubjectDuties.destructionDue(command, terms));
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(RecordDestruction command) {
		apply(SubjectDuties.destroyed(command));
	}

	/**
	 * The retention clock starts; the stream is read only when the default policy version
	 * is needed.
	 */
	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	public void handle(EndProcessing command, DutyTerms terms, PolicyTermsLookup policies, PolicyReferences references,
			SubjectEvents past) {
		apply(SubjectDuties.ended(command, terms, policies, references, () -> past.of(command.aggregateId())));
	}

	/**
	 * A policy version the subject's events named is now published: its grants and
	 * acceptances of that version, and its disclosures (whose storage country the version
	 * sets), are judged again, and the retention clocks of that version get the date its
	 * rule gives (the revision's {@code stopDueBy}).
	 */
	@CommandHandler
	public void handle(RejudgeSubject command, PolicyTermsLookup policies, SubjectEvents past, DutyTerms duties) {
		Optional<PolicyTerms> terms = policies.find(command.operator(), command.policyVersion());
		List<PositionedEvent> events = past.of(this.id);
		ConsentFold fold = ConsentFold.of(events);
		for (PositionedEvent positioned : events) {
			SubjectEvent event = positioned.event();
			Judgment now = fold.judgmentOf(event.provenance()).orElse(null);
			if (event instanceof ConsentGranted granted && command.policyVersion().equals(granted.policyVersion())) {
				revise(granted, "consent-granted", now, null, Judgments.ofGrant(command.operator(),
						granted.policyVersion(), granted.purposes(), granted.dataCategories(), terms), null,
						command.because(), command.receivedAt());
			}
			else if (event instanceof PolicyAccepted accepted
					&& command.policyVersion().equals(accepted.policyVersion())) {
				Judgments.Acceptance acceptance = Judgments.ofAcceptance(command.operator(), accepted.policyVersion(),
						accepted.mode(), accepted.provenance().occurredAt(), terms);
				revise(accepted, "policy-accepted", now, acceptance.validity(), acceptance.findings(), null,
						command.because(), command.receivedAt());
			}
			else if (event instanceof ProcessingEnded ended && terms.isPresent()
					&& command.policyVersion().equals(ended.policyVersion())) {
				SubjectDuties.Retention retention = SubjectDuties.retention(ended.reason(),
						ended.provenance().occurredAt(), ended.policyVersion(), terms, duties);
				revise(ended, EventKind.PROCESSING_ENDED.id(), now, null, retention.reasons(), retention.date(),
						command.because(), command.receivedAt());
			}
			else if (event instanceof DataShared shared) {
				rejudge(shared, positioned.position(), now, command.because(), command.receivedAt(), policies);
			}
		}
	}

	/**
	 * A grant or withdrawal before a disclosure already judged changes what was in force
	 * when it was made: those disclosures are judged again. One of the same instant comes
	 * after them in the fold (ledger order breaks ties) and changes nothing. Re-judgments
	 * are not facts, so they start no further round.
	 */
	private void rejudgeDisclosuresSince(Provenance fact, List<String> purposes, String kind,
			PolicyTermsLookup policies, SubjectEvents past) {
		Instant time = fact.occurredAt();
		List<String> affected = purposes.stream().filter((purpose) -> {
			Instant latest = this.latestDisclosureAt.get(purpose);
			return latest != null && time.isBefore(latest);
		}).toList();
		if (affected.isEmpty()) {
			return;
		}
		String because = kind + " " + fact.source() + " " + fact.eventId() + " (at " + time + ") arrived later";
		List<PositionedEvent> events = past.of(this.id);
		ConsentFold fold = ConsentFold.of(events);
		for (PositionedEvent positioned : events) {
			if (positioned.event() instanceof DataShared shared && shared.provenance().occurredAt().isAfter(time)
					&& affected.contains(shared.purpose())) {
				rejudge(shared, positioned.position(), fold.judgmentOf(shared.provenance()).orElse(null), because,
						fact.receivedAt(), policies);
			}
		}
	}

	private void rejudge(DataShared shared, long sequence, Judgment now, String because, Instant receivedAt,
			PolicyTermsLookup policies) {
		SharingVerdict verdict = judge(shared.operator(), shared.provenance().occurredAt(), (int) sequence,
				shared.purpose(), shared.dataCategories(), shared.recipient(), shared.legalBasis(), shared.requestRef(),
				policies);
		revise(shared, "data-shared", now, verdict.outcome(), verdict.reasons(), verdict.stopDueBy(), because,
				receivedAt);
	}

	private SharingVerdict judge(String operator, Instant time, int before, String purpose, List<String> categories,
			Recipient recipient, String legalBasis, String requestRef, PolicyTermsLookup policies) {
		return Judgments.ofSharing(this.history, (version) -> policies.find(operator, version), time, before, purpose,
				categories, recipient, legalBasis, requestRef);
	}

	/** Records the new judgment when it differs from the latest one. */
	private void revise(SubjectEvent judgedEvent, String judgedType, Judgment now, String verdict, List<String> reasons,
			LocalDate stopDueBy, String because, Instant receivedAt) {
		if (now != null && Objects.equals(now.verdict(), verdict) && now.reasons().equals(reasons)
				&& Objects.equals(now.stopDueBy(), stopDueBy)) {
			return;
		}
		Provenance judged = judgedEvent.provenance();
		String eventId = UUID
			.nameUUIDFromBytes(
					(judged.source() + "\n" + judged.eventId() + "\n" + because).getBytes(StandardCharsets.UTF_8))
			.toString();
		apply(new JudgmentRevised(judgedEvent.operator(), judgedEvent.subject(), judged.source(), judged.eventId(),
				judgedType, verdict, List.copyOf(reasons), stopDueBy, because,
				new Provenance(JUDGMENT_SOURCE, eventId, judged.occurredAt(), receivedAt)));
	}

	@EventSourcingHandler
	void on(ConsentGranted event, @SequenceNumber long sequence) {
		identify(event);
		this.history.grant(event.provenance().occurredAt(), (int) sequence, Vocabulary.of(event.purposes()),
				GrantTerms.of(event));
	}

	@EventSourcingHandler
	void on(ConsentWithdrawn event, @SequenceNumber long sequence) {
		identify(event);
		this.history.withdraw(new WithdrawalRecord(event.provenance().occurredAt(), Vocabulary.of(event.purposes()),
				event.stopDueBy()), (int) sequence);
	}

	/**
	 * A disclosure's business time and purpose are read from beside it; one stored before
	 * they were kept there is read from its payload.
	 */
	@EventSourcingHandler(payloadType = DataShared.class)
	void onDisclosure(DomainEventMessage<? extends DataShared> event) {
		if (this.id == null) {
			identify(event.getPayload());
		}
		Object at = event.getMetaData().get(OCCURRED_AT);
		Object purpose = event.getMetaData().get(PURPOSE);
		Instant time = (at != null) ? Instant.parse(at.toString()) : event.getPayload().provenance().occurredAt();
		String named = Vocabulary.of((purpose != null) ? purpose.toString() : event.getPayload().purpose());
		this.latestDisclosureAt.merge(named, time, (earlier, later) -> later.isAfter(earlier) ? later : earlier);
	}

	/**
	 * An acceptance, a refused withdrawal or a re-judgment changes nothing the commands
	 * decide on, so its payload is read only when it names a new aggregate. Axon
	 * deserializes a stored event when a handler takes its payload: taking the message
	 * instead, sourcing a subject the cache has evicted reads back its grants and
	 * withdrawals only. Axon calls the most specific handler, so grants, withdrawals and
	 * disclosures go to theirs above.
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

}
