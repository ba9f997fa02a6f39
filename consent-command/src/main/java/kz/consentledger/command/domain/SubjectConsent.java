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

/**
 * One subject's consent at one operator (stream {@code <operator>:<subject>}): a plain
 * decider. {@link #decide} turns a command into events with the state folded so far, and
 * every event, new or stored, is folded in by {@link #evolve}; the state is only what
 * decisions read. Every well-formed fact is recorded; what is wrong with it becomes a
 * finding or a verdict, never a rejection (contract: "a well-formed event is never
 * dropped for business reasons"). The rules are {@link Judgments} and
 * {@link ConsentHistory}, shared with every reader. A fact that arrives after a
 * disclosure it bears on, and a policy version published after events named it, make the
 * ledger judge those events again ({@link JudgmentRevised}, ADR 0023).
 */
public final class SubjectConsent {

	/** The aggregate type stored with the stream's events (Axon's column, hashed). */
	public static final String STREAM_TYPE = "SubjectConsent";

	/** Law 94-V Art. 8(7): processing stops within 15 working days of a withdrawal. */
	public static final int STOP_WORKING_DAYS = 15;

	/** The CloudEvents source of the ledger's own re-judgments. */
	public static final String JUDGMENT_SOURCE = "urn:consent-ledger:judgments";

	/**
	 * Beside a disclosure, its business time and purpose: sourcing reads them without
	 * reading the payload (ADR 0019).
	 */
	public static final String OCCURRED_AT = "occurredAt";

	public static final String PURPOSE = "purpose";

	private final String id;

	private long lastSequence = -1;

	private final ConsentHistory history = new ConsentHistory();

	/**
	 * Per purpose, the latest business time of a disclosure of this subject: a handful of
	 * entries, with the words held once per JVM.
	 */
	private final Map<String, Instant> latestDisclosureAt = new HashMap<>(4);

	/**
	 * A stream with no event yet; its stored events are folded in with {@link #evolve}.
	 */
	public SubjectConsent(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	/** The sequence number of the stream's last event; -1 when it has none. */
	public long lastSequence() {
		return this.lastSequence;
	}

	/**
	 * Decides what {@code command} means for this subject and puts its events, folded in,
	 * into {@code context.out()}.
	 * @throws UnknownSubjectException for an erasure or a re-judgment of a stream with no
	 * event
	 */
	public void decide(SubjectCommand command, DecisionContext context) {
		if (command instanceof GrantConsent grant) {
			grant(grant, context);
		}
		else if (command instanceof WithdrawConsent withdrawal) {
			withdraw(withdrawal, context);
		}
		else if (command instanceof AcceptPolicy acceptance) {
			accept(acceptance, context);
		}
		else if (command instanceof RecordDataSharing sharing) {
			share(sharing, context);
		}
		else if (command instanceof EraseSubject erasure) {
			erase(erasure, context);
		}
		else if (command instanceof RejudgeSubject rejudgment) {
			rejudge(rejudgment, context);
		}
		else if (command instanceof ReceiveSubjectRequest request) {
			apply(SubjectDuties.received(request, context.duties()), context);
		}
		else if (command instanceof AnswerSubjectRequest answer) {
			apply(SubjectDuties.answered(answer), context);
		}
		else if (command instanceof RecordDestructionDue due) {
			apply(SubjectDuties.destructionDue(due, context.duties()), context);
		}
		else if (command instanceof RecordDestruction destruction) {
			apply(SubjectDuties.destroyed(destruction), context);
		}
		else if (command instanceof EndProcessing ended) {
			// The retention clock starts; the stream is read only when the default policy
			// version is needed.
			apply(SubjectDuties.ended(ended, context.duties(), context.policies(), context.references(),
					() -> context.past().of(ended.aggregateId())), context);
		}
		else {
			throw new IllegalArgumentException("no rule decides " + command.getClass().getSimpleName());
		}
	}

	private void grant(GrantConsent command, DecisionContext context) {
		Optional<PolicyTerms> terms = context.policies().find(command.operator(), command.policyVersion());
		if (terms.isEmpty()) {
			context.references().unresolved(command.operator(), command.policyVersion(), command.aggregateId());
		}
		apply(new ConsentGranted(command.operator(), command.subject(), command.policyVersion(), command.purposes(),
				command.dataCategories(), command.recipients(), command.crossBorderCountries(), command.grantedBy(),
				command.channel(), command.evidence(), command.language(), command.expiresAt(),
				Judgments.ofGrant(command.operator(), command.policyVersion(), command.purposes(),
						command.dataCategories(), terms),
				command.provenance()), context);
		rejudgeDisclosuresSince(command.provenance(), command.purposes(), "consent-granted", context);
	}

	private void withdraw(WithdrawConsent command, DecisionContext context) {
		Instant time = command.provenance().occurredAt();
		// None named: every purpose in force at its business time, which the fold and the
		// index resolve, so a grant that arrives later is withdrawn too.
		List<String> purposes = command.purposes();
		if (command.refusal() != null) {
			apply(new ConsentWithdrawalRefused(command.operator(), command.subject(), purposes, command.channel(),
					command.applicationRef(), command.refusal(), command.provenance()), context);
			return;
		}
		DueDate stop = context.calendar().due(time, STOP_WORKING_DAYS);
		apply(new ConsentWithdrawn(command.operator(), command.subject(), purposes, command.channel(),
				command.applicationRef(), stop.date(), stop.calendar(), stop.provisional(), command.provenance()),
				context);
		rejudgeDisclosuresSince(command.provenance(),
				purposes.isEmpty() ? List.copyOf(this.latestDisclosureAt.keySet()) : purposes, "consent-withdrawn",
				context);
	}

	private void accept(AcceptPolicy command, DecisionContext context) {
		Optional<PolicyTerms> terms = context.policies().find(command.operator(), command.policyVersion());
		if (terms.isEmpty()) {
			context.references().unresolved(command.operator(), command.policyVersion(), command.aggregateId());
		}
		Judgments.Acceptance acceptance = Judgments.ofAcceptance(command.operator(), command.policyVersion(),
				command.mode(), command.provenance().occurredAt(), terms);
		apply(new PolicyAccepted(command.operator(), command.subject(), command.policyVersion(), command.mode(),
				acceptance.validity(), acceptance.findings(), command.provenance()), context);
	}

	private void share(RecordDataSharing command, DecisionContext context) {
		SharingVerdict verdict = judge(this.history, command.operator(), command.provenance().occurredAt(),
				Integer.MAX_VALUE, command.purpose(), command.dataCategories(), command.recipient(),
				command.legalBasis(), command.requestRef(), context.policies());
		apply(new DataShared(command.operator(), command.subject(), command.recipient(), command.purpose(),
				command.dataCategories(), command.legalBasis(), command.requestRef(), verdict.outcome(),
				verdict.reasons(), verdict.stopDueBy(), command.provenance()),
				Map.of(OCCURRED_AT, command.provenance().occurredAt().toString(), PURPOSE, command.purpose()), context);
	}

	/**
	 * Crypto-shredding (ADR 0025): the key is destroyed in the batch's transaction, so it
	 * goes exactly when the erasure is stored. An erased subject may be erased again: the
	 * new event says the key was already destroyed. Only a subject the ledger knows.
	 */
	private void erase(EraseSubject command, DecisionContext context) {
		requireKnown("an erasure");
		List<String> fields = SealedFields.of(context.past().of(this.id));
		SubjectKeys.Destroyed destroyed = context.keys()
			.destroy(command.operator(), command.subject(), command.provenance().receivedAt());
		apply(new SubjectErased(command.operator(), command.subject(), destroyed.what(), destroyed.keyCreatedAt(),
				fields, command.reason(), command.requestedBy(), command.requestRef(), command.erasedBy(),
				command.provenance()), context);
	}

	/**
	 * A policy version the subject's events named is now published: its grants and
	 * acceptances of that version, and its disclosures (whose storage country the version
	 * sets), are judged again, and the retention clocks of that version get the date its
	 * rule gives (the revision's {@code stopDueBy}).
	 */
	private void rejudge(RejudgeSubject command, DecisionContext context) {
		requireKnown("a re-judgment");
		Optional<PolicyTerms> terms = context.policies().find(command.operator(), command.policyVersion());
		List<PositionedEvent> events = context.past().of(this.id);
		ConsentFold fold = ConsentFold.of(events);
		// Judged against the stream just read, not the state at hand: a re-judgment may
		// decide nothing, so no append would reveal a state behind the store.
		SubjectConsent read = new SubjectConsent(this.id);
		events.forEach((positioned) -> read.evolve(positioned.position(), positioned.event()));
		for (PositionedEvent positioned : events) {
			SubjectEvent event = positioned.event();
			Judgment now = fold.judgmentOf(event.provenance()).orElse(null);
			if (event instanceof ConsentGranted granted && command.policyVersion().equals(granted.policyVersion())) {
				revise(granted, "consent-granted", now, null,
						Judgments.ofGrant(command.operator(), granted.policyVersion(), granted.purposes(),
								granted.dataCategories(), terms),
						null, command.because(), command.receivedAt(), context);
			}
			else if (event instanceof PolicyAccepted accepted
					&& command.policyVersion().equals(accepted.policyVersion())) {
				Judgments.Acceptance acceptance = Judgments.ofAcceptance(command.operator(), accepted.policyVersion(),
						accepted.mode(), accepted.provenance().occurredAt(), terms);
				revise(accepted, "policy-accepted", now, acceptance.validity(), acceptance.findings(), null,
						command.because(), command.receivedAt(), context);
			}
			else if (event instanceof ProcessingEnded ended && terms.isPresent()
					&& command.policyVersion().equals(ended.policyVersion())) {
				SubjectDuties.Retention retention = SubjectDuties.retention(ended.reason(),
						ended.provenance().occurredAt(), ended.policyVersion(), terms, context.duties());
				revise(ended, EventKind.PROCESSING_ENDED.id(), now, null, retention.reasons(), retention.date(),
						command.because(), command.receivedAt(), context);
			}
			else if (event instanceof DataShared shared) {
				rejudge(shared, positioned.position(), now, read.history, command.because(), command.receivedAt(),
						context);
			}
		}
	}

	private void requireKnown(String command) {
		if (this.lastSequence < 0) {
			throw new UnknownSubjectException(this.id, command);
		}
	}

	/**
	 * A grant or withdrawal before a disclosure already judged changes what was in force
	 * when it was made: those disclosures are judged again. One of the same instant comes
	 * after them in the fold (ledger order breaks ties) and changes nothing. Re-judgments
	 * are not facts, so they start no further round.
	 */
	private void rejudgeDisclosuresSince(Provenance fact, List<String> purposes, String kind, DecisionContext context) {
		Instant time = fact.occurredAt();
		List<String> affected = purposes.stream().filter((purpose) -> {
			Instant latest = this.latestDisclosureAt.get(purpose);
			return latest != null && time.isBefore(latest);
		}).toList();
		if (affected.isEmpty()) {
			return;
		}
		String because = kind + " " + fact.source() + " " + fact.eventId() + " (at " + time + ") arrived later";
		List<PositionedEvent> events = context.past().of(this.id);
		ConsentFold fold = ConsentFold.of(events);
		for (PositionedEvent positioned : events) {
			if (positioned.event() instanceof DataShared shared && shared.provenance().occurredAt().isAfter(time)
					&& affected.contains(shared.purpose())) {
				rejudge(shared, positioned.position(), fold.judgmentOf(shared.provenance()).orElse(null), this.history,
						because, fact.receivedAt(), context);
			}
		}
	}

	private void rejudge(DataShared shared, long sequence, Judgment now, ConsentHistory history, String because,
			Instant receivedAt, DecisionContext context) {
		SharingVerdict verdict = judge(history, shared.operator(), shared.provenance().occurredAt(), (int) sequence,
				shared.purpose(), shared.dataCategories(), shared.recipient(), shared.legalBasis(), shared.requestRef(),
				context.policies());
		revise(shared, "data-shared", now, verdict.outcome(), verdict.reasons(), verdict.stopDueBy(), because,
				receivedAt, context);
	}

	private static SharingVerdict judge(ConsentHistory history, String operator, Instant time, int before,
			String purpose, List<String> categories, Recipient recipient, String legalBasis, String requestRef,
			PolicyTermsLookup policies) {
		return Judgments.ofSharing(history, (version) -> policies.find(operator, version), time, before, purpose,
				categories, recipient, legalBasis, requestRef);
	}

	/** Records the new judgment when it differs from the latest one. */
	private void revise(SubjectEvent judgedEvent, String judgedType, Judgment now, String verdict, List<String> reasons,
			LocalDate stopDueBy, String because, Instant receivedAt, DecisionContext context) {
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
				new Provenance(JUDGMENT_SOURCE, eventId, judged.occurredAt(), receivedAt)), context);
	}

	private void apply(SubjectEvent event, DecisionContext context) {
		apply(event, Map.of(), context);
	}

	/** Puts the event at the stream's next sequence number and folds it in. */
	private void apply(SubjectEvent event, Map<String, String> metadata, DecisionContext context) {
		long sequence = this.lastSequence + 1;
		context.out().add(STREAM_TYPE, this.id, sequence, event, metadata);
		evolve(sequence, event);
	}

	/**
	 * Folds in the stream's next event. Only grants, withdrawals and disclosures change
	 * what decisions read; for the others the sourcing of a stored stream calls
	 * {@link #passed} and never reads their payloads.
	 */
	public void evolve(long sequence, SubjectEvent event) {
		if (event instanceof ConsentGranted granted) {
			this.history.grant(granted.provenance().occurredAt(), (int) sequence, Vocabulary.of(granted.purposes()),
					GrantTerms.of(granted));
		}
		else if (event instanceof ConsentWithdrawn withdrawn) {
			this.history.withdraw(new WithdrawalRecord(withdrawn.provenance().occurredAt(),
					Vocabulary.of(withdrawn.purposes()), withdrawn.stopDueBy()), (int) sequence);
		}
		else if (event instanceof DataShared shared) {
			disclosed(sequence, shared.provenance().occurredAt(), shared.purpose());
			return;
		}
		passed(sequence);
	}

	/** Folds in a disclosure from its business time and purpose, stored beside it. */
	public void disclosed(long sequence, Instant time, String purpose) {
		this.latestDisclosureAt.merge(Vocabulary.of(purpose), time,
				(earlier, later) -> later.isAfter(earlier) ? later : earlier);
		passed(sequence);
	}

	/** Folds in an event that changes nothing decisions read. */
	public void passed(long sequence) {
		this.lastSequence = sequence;
	}

}
