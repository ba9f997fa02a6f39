package kz.consentledger.command.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import kz.consentledger.command.append.LedgerAppender;
import kz.consentledger.service.security.OperatorScope;
import kz.consentledger.service.security.Role;
import kz.consentledger.service.shard.Shards;
import kz.consentledger.service.store.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CloudEvents HTTP binding for upstreams without Kafka: one event (binary or
 * structured mode) or a batch ({@code application/cloudevents-batch+json}). A request is
 * all or nothing: any malformed event gives 400 listing every violation of every event,
 * any conflicting reuse 409, and otherwise every event is durably appended (or recognised
 * as a redelivery) before 200. The account must hold the {@code ingest} role for the
 * operator of every event (403 otherwise). In a sharded ledger, an event of an operator
 * another shard keeps refuses the request with 421, naming that shard.
 */
@RestController
@RequestMapping("/api/v1/events")
class HttpIngestionController {

	private static final Logger logger = LoggerFactory.getLogger(HttpIngestionController.class);

	static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

	private final CloudEventReaders readers;

	private final CloudEventValidator validator;

	private final IngestionAppender appender;

	private final MeterRegistry meters;

	private final Shards shards;

	HttpIngestionController(CloudEventReaders readers, CloudEventValidator validator, IngestionAppender appender,
			MeterRegistry meters, Shards shards) {
		this.shards = shards;
		this.readers = readers;
		this.validator = validator;
		this.appender = appender;
		this.meters = meters;
	}

	@Operation(summary = "Append CloudEvents of contract v1 (binary, structured or batch mode)")
	@PostMapping(consumes = MediaType.ALL_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	IngestionResponse ingest(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body,
			Authentication account) {
		List<IncomingEvent> events;
		try {
			// An empty body is the reader's to name, like any other malformed one.
			events = read(headers, (body != null) ? body : new byte[0]);
		}
		catch (MalformedEventException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// A defect of the ledger's own decoding, not of the input: said loudly,
			// answered
			// like malformed input rather than 500.
			logger.error("Could not read an ingestion request", ex);
			throw new MalformedEventException(
					List.of(new Violation("body", "the ledger could not read it: " + ex.getMessage())));
		}
		requireIngestRights(account, events);
		requireKeptHere(events);
		List<Outcome> outcomes;
		try {
			outcomes = this.appender.append(events, true);
		}
		catch (RuntimeException ex) {
			if (DatabaseOutage.causes(ex) || LedgerAppender.lostARace(ex)) {
				throw new LedgerUnavailableException(ex);
			}
			throw ex;
		}
		outcomes.forEach((outcome) -> this.meters
			.counter("ledger.ingest.events", "channel", "http", "outcome", outcome.status().name().toLowerCase())
			.increment());
		return new IngestionResponse(outcomes.stream()
			.map((outcome) -> new IngestionResponse.Result(outcome.event().source(), outcome.event().id(),
					outcome.status().name().toLowerCase(Locale.ROOT)))
			.toList());
	}

	private List<IncomingEvent> read(HttpHeaders headers, byte[] body) {
		String contentType = String.valueOf(headers.getFirst(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
		boolean batch = contentType.startsWith(BATCH_CONTENT_TYPE);
		List<CloudEvent> cloudEvents = batch ? this.readers.batchFromHttp(body)
				: List.of(this.readers.fromHttp(singleValued(headers), body));
		List<IncomingEvent> events = new ArrayList<>();
		List<Violation> violations = new ArrayList<>();
		for (int i = 0; i < cloudEvents.size(); i++) {
			try {
				events.add(this.validator.validate(cloudEvents.get(i)));
			}
			catch (MalformedEventException ex) {
				String prefix = batch ? "[" + i + "]." : "";
				ex.violations().forEach((v) -> violations.add(new Violation(prefix + v.field(), v.message())));
			}
		}
		if (!violations.isEmpty()) {
			throw new MalformedEventException(violations);
		}
		return events;
	}

	/**
	 * All or nothing, like the rest of the request: one foreign event refuses them all.
	 */
	private static void requireIngestRights(Authentication account, List<IncomingEvent> events) {
		Set<String> refused = new TreeSet<>();
		for (IncomingEvent event : events) {
			if (!OperatorScope.may(account, Role.INGEST, event.operator())) {
				refused.add(event.operator());
			}
		}
		if (!refused.isEmpty()) {
			throw new AccessDeniedException("account '" + account.getName() + "' may not publish events for operator "
					+ String.join(", ", refused) + "; nothing was appended");
		}
	}

	private void requireKeptHere(List<IncomingEvent> events) {
		for (IncomingEvent event : events) {
			if (!this.shards.keeps(event.operator())) {
				throw new OtherShardException(event.operator(), this.shards.ownerOf(event.operator()).orElseThrow());
			}
		}
	}

	private static Map<String, String> singleValued(HttpHeaders headers) {
		Map<String, String> values = new LinkedHashMap<>();
		headers.forEach((name, list) -> values.put(name, list.isEmpty() ? "" : list.get(0)));
		return values;
	}

	/**
	 * What happened to each event of the request: {@code appended} or {@code duplicate}.
	 */
	record IngestionResponse(List<Result> results) {

		record Result(String source, String id, String status) {
		}

	}

}
