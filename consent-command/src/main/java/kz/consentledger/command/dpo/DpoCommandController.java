package kz.consentledger.command.dpo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.swagger.v3.oas.annotations.Operation;
import kz.consentledger.command.append.LedgerAppender;
import kz.consentledger.command.ingest.CloudEventReaders;
import kz.consentledger.command.ingest.CloudEventValidator;
import kz.consentledger.command.ingest.ContractLimits;
import kz.consentledger.command.ingest.EventType;
import kz.consentledger.command.ingest.IncomingEvent;
import kz.consentledger.command.ingest.IngestionAppender;
import kz.consentledger.command.ingest.LedgerUnavailableException;
import kz.consentledger.command.ingest.MalformedEventException;
import kz.consentledger.command.ingest.Outcome;
import kz.consentledger.command.ingest.Violation;
import kz.consentledger.proof.Hashes;
import kz.consentledger.service.store.DatabaseOutage;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A DPO (of the operator, or an admin: WebSecurity) records a subject request's answer,
 * or what was done with a subject's data. Each body is the {@code data} of the contract
 * type it stands for, less what the path says, and is validated by that type's schema:
 * every bad field is named in a 400 problem. The event's source names the ledger and the
 * account ({@code urn:consent-ledger:dpo:<account>}), its id is the
 * {@code Idempotency-Key} (a new one per request without it), its business time the
 * moment of the request, or for a destruction the optional {@code at} of the body (done
 * yesterday, recorded today). A retried request with the same key and body is stored
 * once; the same key with another body is a 409.
 */
@RestController
@RequestMapping("/api/v1/operators/{operator}/subjects/{subject}")
class DpoCommandController {

	static final String SOURCE_PREFIX = "urn:consent-ledger:dpo:";

	private static final ObjectMapper JSON = ContractLimits.strictJson();

	/** The body's field that says when a destruction was done. */
	static final String AT = "at";

	/** No destruction the ledger records was done before this. */
	private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private final CloudEventValidator validator;

	private final IngestionAppender appender;

	private final Clock clock;

	DpoCommandController(CloudEventValidator validator, IngestionAppender appender, Clock clock) {
		this.validator = validator;
		this.appender = appender;
		this.clock = clock;
	}

	@Operation(summary = "Record the answer to a subject's request, or its reasoned refusal",
			description = "Body: {outcome: answered|refused, reason (required when refused; sealed), document (SHA-256 of the answer sent)}; the fields of kz.consent.request.answered.v1.")
	@PostMapping(path = "/requests/{requestRef}/answer", consumes = MediaType.ALL_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	DpoRecord answer(@PathVariable String operator, @PathVariable String subject, @PathVariable String requestRef,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@RequestBody(required = false) byte[] body, Authentication account) {
		ObjectNode data = body(body);
		data.put("operator", operator);
		data.put("requestRef", requestRef);
		return record(EventType.REQUEST_ANSWERED, subject, data, idempotencyKey, account);
	}

	@Operation(summary = "Record what was done with a subject's data: destroyed, depersonalised or held",
			description = "Body: the fields of kz.consent.destruction.done.v1 but operator; performedBy defaults to the account; at (optional, an ISO-8601 instant from 2000 up to now) is when it was done, by default now.")
	@PostMapping(path = "/destructions", consumes = MediaType.ALL_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	DpoRecord destruction(@PathVariable String operator, @PathVariable String subject,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@RequestBody(required = false) byte[] body, Authentication account) {
		ObjectNode data = body(body);
		data.put("operator", operator);
		if (!data.has("performedBy")) {
			data.put("performedBy", account.getName());
		}
		Instant now = this.clock.instant();
		JsonNode at = data.remove(AT);
		Instant done = (at != null) ? doneAt(at, now) : now;
		// What was asked for includes when: a retry naming another time is another
		// record.
		ObjectNode asked = data.deepCopy();
		if (at != null) {
			asked.set(AT, at);
		}
		return record(EventType.DESTRUCTION_DONE, subject, data, asked, done, idempotencyKey, account);
	}

	/**
	 * The body's {@code at}: an ISO-8601 instant, not in the future, not before 2000.
	 */
	private static Instant doneAt(JsonNode at, Instant now) {
		Instant done;
		try {
			done = at.isTextual() ? Instant.parse(at.asText()) : null;
		}
		catch (DateTimeParseException ex) {
			done = null;
		}
		if (done == null) {
			throw new MalformedEventException(List.of(new Violation(AT,
					"must be an ISO-8601 instant such as 2026-11-02T15:30:00Z, was " + at.toString())));
		}
		if (done.isAfter(now) || done.isBefore(EARLIEST)) {
			throw new MalformedEventException(List
				.of(new Violation(AT, "must lie from " + EARLIEST + " up to now (" + now + "), was " + at.asText())));
		}
		return done;
	}

	private DpoRecord record(EventType type, String subject, ObjectNode data, String idempotencyKey,
			Authentication account) {
		return record(type, subject, data, data, this.clock.instant(), idempotencyKey, account);
	}

	/**
	 * Appends {@code data} as {@code type}'s event at business time {@code at};
	 * {@code asked} is what the request asked for, which a retry must repeat.
	 */
	private DpoRecord record(EventType type, String subject, ObjectNode data, ObjectNode asked, Instant at,
			String idempotencyKey, Authentication account) {
		String source = SOURCE_PREFIX + URLEncoder.encode(account.getName(), StandardCharsets.UTF_8);
		String id = (idempotencyKey != null) ? idempotencyKey : UUID.randomUUID().toString();
		CloudEvent event = CloudEventBuilder.v1()
			.withId(id)
			.withSource(URI.create(source))
			.withType(type.ceType())
			.withSubject(subject)
			.withTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
			.withDataContentType(MediaType.APPLICATION_JSON_VALUE)
			.withData(JsonCloudEventData.wrap(data))
			.build();
		IncomingEvent valid;
		try {
			valid = this.validator.validateLedgers(event);
		}
		catch (MalformedEventException ex) {
			throw new MalformedEventException(ex.violations().stream().map(DpoCommandController::asRequest).toList());
		}
		// The time of a retry differs; what was asked for does not.
		IncomingEvent keyed = new IncomingEvent(valid.source(), valid.id(), valid.type(), valid.subject(), valid.time(),
				valid.data(), content(type, subject, asked));
		Outcome outcome;
		try {
			outcome = this.appender.append(List.of(keyed), true).get(0);
		}
		catch (RuntimeException ex) {
			if (DatabaseOutage.causes(ex) || LedgerAppender.lostARace(ex)) {
				throw new LedgerUnavailableException(ex);
			}
			throw ex;
		}
		return new DpoRecord(source, id, outcome.status().name().toLowerCase(Locale.ROOT));
	}

	private static ObjectNode body(byte[] body) {
		try {
			JsonNode tree = (body == null || body.length == 0) ? null : JSON.readTree(body);
			if (tree instanceof ObjectNode object) {
				return object;
			}
		}
		catch (IOException ex) {
			throw new MalformedEventException(
					List.of(new Violation("body", "is not valid JSON: " + CloudEventReaders.jsonProblem(ex))));
		}
		throw new MalformedEventException(List.of(new Violation("body", "required, a JSON object")));
	}

	/** The request's names: its body's fields, the path's, the header's. */
	private static Violation asRequest(Violation violation) {
		String field = violation.field();
		if (field.equals("id")) {
			field = "Idempotency-Key";
		}
		else if (field.startsWith("data.")) {
			field = field.substring("data.".length());
		}
		else if (field.equals("data")) {
			field = "body";
		}
		return new Violation(field, violation.message());
	}

	private static byte[] content(EventType type, String subject, ObjectNode data) {
		ObjectNode content = JSON.createObjectNode();
		content.put("type", type.ceType());
		content.put("subject", subject);
		content.set("data", data);
		return Hashes.canonical(content.toString());
	}

	/**
	 * The recorded event's provenance ({@code source}, {@code id}) and whether it was
	 * {@code appended} now or is a {@code duplicate} of a request with the same key.
	 */
	record DpoRecord(String source, String id, String status) {
	}

}
