package kz.consentledger.command.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import kz.consentledger.commands.SubjectCommand;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.replay.PositionedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given a subject's past events, when a command is decided, expect these new events: the
 * decider's test harness, in the words of Axon's aggregate fixture. The past is folded in
 * by {@link SubjectConsent#evolve}, as sourcing does; the decided events are folded in by
 * the decider itself.
 */
final class DecisionFixture {

	private final List<Object> resources = new ArrayList<>();

	private final List<SubjectEvent> past = new ArrayList<>();

	private final List<Decisions.NewEvent> decided = new ArrayList<>();

	private String stream;

	/** A dependency of the decisions, found by its type. */
	DecisionFixture registerInjectableResource(Object resource) {
		this.resources.add(resource);
		return this;
	}

	DecisionFixture givenNoPriorActivity() {
		this.past.clear();
		return this;
	}

	DecisionFixture given(Object... events) {
		this.past.clear();
		Arrays.stream(events).map(SubjectEvent.class::cast).forEach(this.past::add);
		return this;
	}

	DecisionFixture when(SubjectCommand command) {
		this.stream = command.aggregateId();
		SubjectConsent state = new SubjectConsent(this.stream);
		for (int i = 0; i < this.past.size(); i++) {
			state.evolve(i, this.past.get(i));
		}
		Decisions out = new Decisions();
		this.decided.clear();
		state.decide(command,
				new DecisionContext(resource(PolicyTermsLookup.class), resource(PolicyReferences.class),
						(id) -> events(id, out), resource(KazakhstanCalendar.class), resource(DutyTerms.class),
						resource(SubjectKeys.class), out));
		this.decided.addAll(out.events());
		return this;
	}

	DecisionFixture expectEvents(Object... events) {
		assertThat(this.decided.stream().map(Decisions.NewEvent::payload).toList()).containsExactly(events);
		this.decided.forEach((event) -> assertThat(event.stream()).isEqualTo(this.stream));
		return this;
	}

	DecisionFixture expectNoEvents() {
		return expectEvents();
	}

	/**
	 * The events decided by the last {@link #when}, with their sequence numbers and
	 * metadata.
	 */
	List<Decisions.NewEvent> decided() {
		return List.copyOf(this.decided);
	}

	private List<PositionedEvent> events(String id, Decisions out) {
		List<PositionedEvent> events = new ArrayList<>();
		if (!id.equals(this.stream)) {
			return events;
		}
		for (int i = 0; i < this.past.size(); i++) {
			events.add(new PositionedEvent(i, this.past.get(i)));
		}
		out.of(id)
			.forEach((event) -> events.add(new PositionedEvent(event.sequence(), (SubjectEvent) event.payload())));
		return events;
	}

	private <T> T resource(Class<T> type) {
		return this.resources.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
	}

}
