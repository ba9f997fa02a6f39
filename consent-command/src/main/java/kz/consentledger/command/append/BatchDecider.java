package kz.consentledger.command.append;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.command.domain.DecisionContext;
import kz.consentledger.command.domain.Decisions;
import kz.consentledger.command.domain.DutyTerms;
import kz.consentledger.command.domain.OperatorPolicies;
import kz.consentledger.command.domain.PolicyReferences;
import kz.consentledger.command.domain.SubjectConsent;
import kz.consentledger.command.domain.SubjectKeys;
import kz.consentledger.command.store.PolicyCatalogue;
import kz.consentledger.command.store.SubjectStates;
import kz.consentledger.command.store.SubjectStreamReader;
import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.commands.SubjectCommand;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.storage.LedgerStorage;
import org.springframework.stereotype.Component;

/**
 * Decides a batch's commands in their order with the domain's deciders, each subject's
 * state loaded once for the whole batch ({@link SubjectStates}), and collects the events
 * they decide; nothing is written here. A policy version published earlier in the batch
 * is seen by the commands after it.
 */
@Component
class BatchDecider {

	private final SubjectStates states;

	private final PolicyCatalogue catalogue;

	private final SubjectStreamReader streams;

	private final PolicyReferences references;

	private final SubjectKeys keys;

	private final KazakhstanCalendar calendar;

	private final DutyTerms duties;

	BatchDecider(SubjectStates states, PolicyCatalogue catalogue, SubjectStreamReader streams,
			PolicyReferences references, SubjectKeys keys, KazakhstanCalendar calendar, DutyTerms duties) {
		this.states = states;
		this.catalogue = catalogue;
		this.streams = streams;
		this.references = references;
		this.keys = keys;
		this.calendar = calendar;
		this.duties = duties;
	}

	/** The stream a command goes to: a subject's, or an operator's for a publication. */
	static String streamOf(Object command) {
		if (command instanceof SubjectCommand subjectCommand) {
			return subjectCommand.aggregateId();
		}
		if (command instanceof PublishPolicyVersion publication) {
			return publication.operator();
		}
		throw new IllegalArgumentException("no stream takes " + command.getClass().getSimpleName());
	}

	/** A batch over these streams, their states taken for it. */
	Batch start(Collection<String> streams) {
		return new Batch(this.states
			.take(streams.stream().filter((stream) -> LedgerStorage.subjectOf(stream) != null).toList()));
	}

	/** One batch's decisions; its states go back to the cache once it has committed. */
	final class Batch {

		private final Decisions decisions = new Decisions();

		private final Map<String, SubjectConsent> subjects;

		private final Map<String, OperatorPolicies> operators = new HashMap<>();

		private final DecisionContext context;

		private Batch(Map<String, SubjectConsent> subjects) {
			this.subjects = subjects;
			this.context = new DecisionContext(this::find, BatchDecider.this.references,
					(stream) -> BatchDecider.this.streams.of(stream, this.decisions), BatchDecider.this.calendar,
					BatchDecider.this.duties, BatchDecider.this.keys, this.decisions);
		}

		void decide(Object command) {
			if (command instanceof PublishPolicyVersion publication) {
				this.operators.computeIfAbsent(publication.operator(), BatchDecider.this.catalogue::stream)
					.decide(publication, this.decisions);
			}
			else if (command instanceof SubjectCommand subjectCommand) {
				this.subjects.get(subjectCommand.aggregateId()).decide(subjectCommand, this.context);
			}
			else {
				throw new IllegalArgumentException("no decider takes " + command.getClass().getSimpleName());
			}
		}

		Decisions decisions() {
			return this.decisions;
		}

		/**
		 * Only the states the batch appended to: their last events were just stored at
		 * the sequence numbers they expected, so they are the store's. One that decided
		 * nothing (a re-judgment with nothing to revise) may be behind another instance's
		 * appends.
		 */
		void keep() {
			BatchDecider.this.states.keep(this.subjects.values()
				.stream()
				.filter((state) -> !this.decisions.of(state.id()).isEmpty())
				.toList());
		}

		private Optional<PolicyTerms> find(String operator, String version) {
			OperatorPolicies published = this.operators.get(operator);
			return (published != null) ? published.terms(version) : BatchDecider.this.catalogue.find(operator, version);
		}

	}

}
