package kz.consentledger.command.ingest;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.command.append.AppendOutcome;
import kz.consentledger.command.append.AppendRequest;
import kz.consentledger.command.append.LedgerAppender;
import org.springframework.stereotype.Component;

/**
 * Turns validated events into append requests and hands them to the
 * {@link LedgerAppender}, one batch at a time.
 */
@Component
public class IngestionAppender {

	private final LedgerAppender appender;

	private final CommandMapper mapper;

	IngestionAppender(LedgerAppender appender, CommandMapper mapper) {
		this.appender = appender;
		this.mapper = mapper;
	}

	/**
	 * @param allOrNothing when true a conflicting reuse rejects the whole batch
	 * ({@link kz.consentledger.command.append.ConflictingReuseException}); otherwise it
	 * is reported in its outcome
	 */
	public List<Outcome> append(List<IncomingEvent> events, boolean allOrNothing) {
		// The commands are built inside the appender's transaction, and only for events
		// not appended before: sealing creates the subjects' keys, which must commit with
		// the events sealed by them, and a redelivery must not need the key of a subject
		// erased since.
		List<AppendOutcome> appended = this.appender.append(events, (fresh, receivedAt) -> {
			this.mapper.prepare(fresh);
			return fresh.stream()
				.map((event) -> new AppendRequest(event.key(), event.type().ceType(), event.content(),
						this.mapper.toCommand(event, receivedAt)))
				.toList();
		}, allOrNothing);
		List<Outcome> outcomes = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			outcomes.add(new Outcome(events.get(i), Outcome.Status.of(appended.get(i))));
		}
		return outcomes;
	}

}
