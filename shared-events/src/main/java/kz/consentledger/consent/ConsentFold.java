package kz.consentledger.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.DataDestroyed;
import kz.consentledger.events.DestructionDue;
import kz.consentledger.events.ProcessingEnded;
import kz.consentledger.events.SubjectErased;
import kz.consentledger.events.SubjectRequestAnswered;
import kz.consentledger.events.SubjectRequestReceived;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.replay.PositionedEvent;

/**
 * The one rule of consent: a subject's events folded in business order ({@code time} of
 * the CloudEvent, ledger position breaking ties), whatever the order they arrived in.
 * <ul>
 * <li>a grant replaces what the purposes it names held before it;</li>
 * <li>the first withdrawal of a purpose in force ends it (its stop is due 15 working days
 * later); a refused withdrawal leaves it active with the refusal beside it; one that
 * names no purpose concerns every purpose held at its business time;</li>
 * <li>a consent past its expiry is expired;</li>
 * <li>the latest acceptance is the subject's accepted policy;</li>
 * <li>each judged event (disclosure, acceptance, grant) has the judgment made at its
 * receipt until a {@link JudgmentRevised} replaces it.</li>
 * </ul>
 * Every reader uses it: the current-consent projection (step by step while events arrive
 * in business order, folding again when one arrives late), "as of", the export, the
 * offline verifier and the agreement check. The command side asks the same question of
 * {@link ConsentHistory}, an index of it.
 */
public final class ConsentFold {

	/** Business time, then ledger position. */
	public static final Comparator<PositionedEvent> BUSINESS_ORDER = Comparator
		.comparing((PositionedEvent event) -> event.event().provenance().occurredAt())
		.thenComparingLong(PositionedEvent::position);

	private final Map<String, PurposeConsent> purposes = new TreeMap<>();

	private final Map<EventKey, Judgment> judgments = new HashMap<>();

	private final Map<EventKey, Boolean> disclosures = new HashMap<>();

	private PolicyAccepted accepted;

	private int applied;

	private ConsentFold() {
	}

	/** Everything the events say, in whatever order they are given. */
	public static ConsentFold of(Collection<PositionedEvent> events) {
		return of(events, Instant.MAX, Instant.MAX);
	}

	/**
	 * What the events said at {@code businessTime}, counting only those the ledger had
	 * received by {@code ledgerTime}.
	 */
	public static ConsentFold of(Collection<PositionedEvent> events, Instant businessTime, Instant ledgerTime) {
		List<PositionedEvent> counted = new ArrayList<>();
		for (PositionedEvent event : events) {
			Provenance provenance = event.event().provenance();
			if (!provenance.occurredAt().isAfter(businessTime) && !provenance.receivedAt().isAfter(ledgerTime)) {
				counted.add(event);
			}
		}
		counted.sort(BUSINESS_ORDER);
		ConsentFold fold = new ConsentFold();
		counted.forEach((event) -> fold.apply(event.event()));
		return fold;
	}

	/**
	 * The fold of a subject whose purposes stood at {@code purposes}, continued by an
	 * event that comes after all it was made of in business order: the step the
	 * projection takes for an event that arrives in order.
	 */
	public static ConsentFold continuing(Map<String, PurposeConsent> purposes, SubjectEvent event) {
		ConsentFold fold = new ConsentFold();
		fold.purposes.putAll(purposes);
		fold.apply(event);
		return fold;
	}

	/** The purposes whose state an event can change. */
	public static List<String> purposesNamed(SubjectEvent event) {
		return event.accept(new SubjectEvent.Cases<>() {
			@Override
			public List<String> granted(ConsentGranted granted) {
				return granted.purposes();
			}

			@Override
			public List<String> withdrawn(ConsentWithdrawn withdrawn) {
				return withdrawn.purposes();
			}

			@Override
			public List<String> withdrawalRefused(ConsentWithdrawalRefused refused) {
				return refused.purposes();
			}

			@Override
			public List<String> accepted(PolicyAccepted accepted) {
				return List.of();
			}

			@Override
			public List<String> shared(DataShared shared) {
				return List.of();
			}

			@Override
			public List<String> revised(JudgmentRevised revised) {
				return List.of();
			}

			@Override
			public List<String> erased(SubjectErased event) {
				return List.of();
			}

			@Override
			public List<String> destructionDue(DestructionDue event) {
				return List.of();
			}

			@Override
			public List<String> destroyed(DataDestroyed event) {
				return List.of();
			}

			@Override
			public List<String> processingEnded(ProcessingEnded event) {
				return List.of();
			}

			@Override
			public List<String> requestReceived(SubjectRequestReceived event) {
				return List.of();
			}

			@Override
			public List<String> requestAnswered(SubjectRequestAnswered event) {
				return List.of();
			}
		});
	}

	private void apply(SubjectEvent event) {
		this.applied += (event instanceof JudgmentRevised) ? 0 : 1;
		event.accept(new SubjectEvent.Cases<Void>() {
			@Override
			public Void granted(ConsentGranted granted) {
				granted.purposes()
					.forEach((purpose) -> purposes.put(purpose, PurposeConsent.granted(purpose, granted)));
				judged(granted.provenance(), null, granted.findings(), null);
				return null;
			}

			@Override
			public Void withdrawn(ConsentWithdrawn withdrawn) {
				named(withdrawn.purposes()).forEach((purpose) -> purposes.computeIfPresent(purpose,
						(named, consent) -> consent.withdrawn(withdrawn)));
				return null;
			}

			@Override
			public Void withdrawalRefused(ConsentWithdrawalRefused refused) {
				named(refused.purposes()).forEach(
						(purpose) -> purposes.computeIfPresent(purpose, (named, consent) -> consent.refused(refused)));
				return null;
			}

			@Override
			public Void accepted(PolicyAccepted acceptance) {
				accepted = acceptance;
				judged(acceptance.provenance(), acceptance.validity(), acceptance.findings(), null);
				return null;
			}

			@Override
			public Void shared(DataShared shared) {
				disclosures.put(EventKey.of(shared.provenance()), Boolean.TRUE);
				judged(shared.provenance(), shared.verdict(), shared.reasons(), shared.stopDueBy());
				return null;
			}

			@Override
			public Void revised(JudgmentRevised revised) {
				judgments.put(new EventKey(revised.judgedSource(), revised.judgedEventId()),
						new Judgment(revised.verdict(), revised.reasons(), revised.stopDueBy(), revised.provenance()));
				return null;
			}

			@Override
			public Void erased(SubjectErased event) {
				return null;
			}

			@Override
			public Void destructionDue(DestructionDue event) {
				return null;
			}

			@Override
			public Void destroyed(DataDestroyed event) {
				return null;
			}

			@Override
			public Void processingEnded(ProcessingEnded event) {
				return null;
			}

			@Override
			public Void requestReceived(SubjectRequestReceived event) {
				return null;
			}

			@Override
			public Void requestAnswered(SubjectRequestAnswered event) {
				return null;
			}

		});
	}

	/**
	 * The purposes a withdrawal or refusal names; none named (the contract's "absent")
	 * means every purpose the subject holds at its business time.
	 */
	private List<String> named(List<String> named) {
		return named.isEmpty() ? List.copyOf(this.purposes.keySet()) : named;
	}

	/** Whether a withdrawal or refusal names no purpose, and so every one. */
	public static boolean namesEveryPurpose(SubjectEvent event) {
		return (event instanceof ConsentWithdrawn withdrawn && withdrawn.purposes().isEmpty())
				|| (event instanceof ConsentWithdrawalRefused refused && refused.purposes().isEmpty());
	}

	private void judged(Provenance provenance, String verdict, List<String> reasons, LocalDate stopDueBy) {
		this.judgments.putIfAbsent(EventKey.of(provenance), new Judgment(verdict, reasons, stopDueBy, null));
	}

	/** Each purpose ever granted, as the events left it. */
	public Map<String, PurposeConsent> purposes() {
		return Collections.unmodifiableMap(this.purposes);
	}

	/** The latest acceptance, with its latest validity and findings. */
	public Optional<AcceptedPolicy> acceptedPolicy() {
		if (this.accepted == null) {
			return Optional.empty();
		}
		Judgment judgment = judgmentOf(this.accepted.provenance()).orElseThrow();
		return Optional.of(new AcceptedPolicy(this.accepted.policyVersion(), this.accepted.mode(), judgment.verdict(),
				this.accepted.provenance().occurredAt(), this.accepted.provenance()));
	}

	/**
	 * The latest judgment of a judged event (a grant, an acceptance or a disclosure), or
	 * empty when the fold has not seen it.
	 */
	public Optional<Judgment> judgmentOf(Provenance judged) {
		return Optional.ofNullable(this.judgments.get(EventKey.of(judged)));
	}

	/**
	 * How many facts were folded: re-judgments are not counted, so the same facts count
	 * the same whatever order they arrived in.
	 */
	public int applied() {
		return this.applied;
	}

	/** Disclosures folded. */
	public int sharings() {
		return this.disclosures.size();
	}

	/** Disclosures whose latest verdict is a violation. */
	public int violations() {
		return (int) this.disclosures.keySet()
			.stream()
			.filter((key) -> SharingVerdict.VIOLATION.equals(this.judgments.get(key).verdict()))
			.count();
	}

	/**
	 * The latest judgment of an event; {@code revisedBy} is the provenance of the
	 * {@link JudgmentRevised} that made it, null for the judgment made at receipt.
	 */
	public record Judgment(String verdict, List<String> reasons, LocalDate stopDueBy, Provenance revisedBy) {

	}

	/** {@code validity}: {@code valid}, {@code premature} or {@code unknown-version}. */
	public record AcceptedPolicy(String version, String mode, String validity, Instant acceptedAt,
			Provenance provenance) {

	}

	/** An event's idempotency key, by which a re-judgment names the judged event. */
	public record EventKey(String source, String eventId) {

		public static EventKey of(Provenance provenance) {
			return new EventKey(provenance.source(), provenance.eventId());
		}

	}

}
