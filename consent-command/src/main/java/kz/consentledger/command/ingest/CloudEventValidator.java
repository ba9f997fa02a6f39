package kz.consentledger.command.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonCloudEventData;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.proof.Hashes;

/**
 * Checks a decoded CloudEvent against contract v1: the envelope attributes the contract
 * requires, the {@code data} against the type's JSON Schema (the same files that
 * docs/contract publishes), and what a schema cannot say (the BIN check digit). Reports
 * every violation, not the first.
 */
public class CloudEventValidator {

	private static final int REMEMBERED_VALUES_PER_PATTERN = 10_000;

	private static final Map<EventType, List<String>> TIMESTAMP_FIELDS = Map.of(EventType.POLICY_PUBLISHED,
			List.of("effectiveAt"), EventType.GRANTED, List.of("expiresAt"));

	private static final tools.jackson.databind.json.JsonMapper TREES = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	private final ObjectMapper json;

	private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

	public CloudEventValidator(ObjectMapper json) {
		this.json = json;
		JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
			.formatAssertionsEnabled(true)
			.pathType(PathType.JSON_PATH)
			.regularExpressionFactory(new RememberedMatches(REMEMBERED_VALUES_PER_PATTERN))
			.build();
		for (EventType type : EventType.values()) {
			try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
				if (in == null) {
					throw new IllegalStateException(
							"JSON Schema " + type.schemaResource() + " is not on the classpath");
				}
				this.schemas.put(type, factory.getSchema(in, config));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * The sources of the events the ledger makes itself (its judgments, the DPO's and the
	 * erasure's commands): a producer's event under one would pass for the ledger's.
	 */
	public static final String LEDGER_SOURCES = "urn:consent-ledger:";

	/**
	 * A producer's event, validated, or {@link MalformedEventException} naming every
	 * violation.
	 */
	public IncomingEvent validate(CloudEvent event) {
		return validate(event, false);
	}

	/** An event the ledger makes itself, under one of {@link #LEDGER_SOURCES}. */
	public IncomingEvent validateLedgers(CloudEvent event) {
		return validate(event, true);
	}

	private IncomingEvent validate(CloudEvent event, boolean ledgers) {
		if (event == null) {
			throw new MalformedEventException(List.of(new Violation("envelope", "must be a JSON object, was null")));
		}
		List<Violation> violations = new ArrayList<>();
		if (event.getSpecVersion() != io.cloudevents.SpecVersion.V1) {
			violations.add(new Violation("specversion", "must be 1.0, was " + event.getSpecVersion().toString()));
		}
		checkIdentifier("id", event.getId(), "a non-empty string unique per source", violations);
		String source = (event.getSource() != null) ? event.getSource().toString() : null;
		checkIdentifier("source", source, "the URI of the upstream service", violations);
		if (!ledgers && source != null && source.toLowerCase(Locale.ROOT).startsWith(LEDGER_SOURCES)) {
			violations.add(new Violation("source", "must not begin with " + LEDGER_SOURCES
					+ ": the ledger keeps it for its own judgments and the DPO's commands"));
		}
		Optional<EventType> type = EventType.of(event.getType());
		if (type.isEmpty()) {
			violations.add(new Violation("type", "unknown type '" + event.getType() + "'; expected one of "
					+ List.of(EventType.values()).stream().map(EventType::ceType).toList()));
		}
		if (event.getTime() == null) {
			violations.add(new Violation("time", "required, an RFC 3339 timestamp of when it happened at the source"));
		}
		else if (!ContractLimits.inWindow(event.getTime())) {
			violations
				.add(new Violation("time", "must lie " + ContractLimits.windowText() + ", was " + event.getTime()));
		}
		type.ifPresent((known) -> checkSubject(known, event.getSubject(), violations));
		String contentType = event.getDataContentType();
		if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
			violations.add(new Violation("datacontenttype", "must be application/json, was " + contentType));
		}
		JsonNode data = parseData(event, violations);
		if (data != null) {
			int before = violations.size();
			ContractLimits.checkTree(data, "data", violations);
			// The schema is not asked about a tree that is already known to be
			// unstorable:
			// its answers would add nothing and its cost grows with what it is given.
			if (type.isPresent() && violations.size() == before) {
				checkData(type.get(), data, violations);
				checkDueBy(type.get(), data, event.getTime(), violations);
			}
		}
		if (!violations.isEmpty()) {
			throw new MalformedEventException(violations);
		}
		return new IncomingEvent(event.getSource().toString(), event.getId(), type.get(), event.getSubject(),
				event.getTime(), data, content(event, data));
	}

	private static void checkIdentifier(String field, String value, String what, List<Violation> violations) {
		if (value == null || value.isBlank()) {
			violations.add(new Violation(field, "required, " + what));
			return;
		}
		if (value.length() > ContractLimits.MAX_ID_LENGTH) {
			violations.add(new Violation(field,
					"is " + value.length() + " characters long; at most " + ContractLimits.MAX_ID_LENGTH));
			return;
		}
		String problem = ContractLimits.textProblem(value, true);
		if (problem != null) {
			violations.add(new Violation(field, problem));
		}
	}

	private static void checkSubject(EventType type, String subject, List<Violation> violations) {
		if (type.aboutSubject()) {
			if (subject == null || subject.isBlank() || subject.length() > ContractLimits.MAX_SUBJECT_LENGTH) {
				violations.add(new Violation("subject",
						"required for " + type.ceType() + ": the subject's id at the operator, 1.."
								+ ContractLimits.MAX_SUBJECT_LENGTH + " characters, not only white space"));
				return;
			}
			String problem = ContractLimits.textProblem(subject, true);
			if (problem != null) {
				violations.add(new Violation("subject", problem));
			}
			else if (!subject.strip().equals(subject)) {
				violations.add(new Violation("subject", "must not begin or end with white space"));
			}
		}
		else if (subject != null) {
			violations.add(new Violation("subject", "must be absent for " + type.ceType() + " (an operator's event)"));
		}
	}

	private JsonNode parseData(CloudEvent event, List<Violation> violations) {
		if (event.getData() == null) {
			violations.add(new Violation("data", "required, a JSON object"));
			return null;
		}
		try {
			// Structured mode: the SDK has parsed the data already; its bytes would be
			// printed again (in the platform charset) only to be parsed once more here.
			JsonNode data = (event.getData() instanceof JsonCloudEventData parsed) ? parsed.getNode()
					: this.json.readTree(event.getData().toBytes());
			if (data == null || !data.isObject()) {
				violations.add(new Violation("data", "must be a JSON object"));
				return null;
			}
			return data;
		}
		catch (IOException ex) {
			violations.add(new Violation("data", "is not valid JSON: " + CloudEventReaders.jsonProblem(ex)));
			return null;
		}
	}

	private void checkData(EventType type, JsonNode data, List<Violation> violations) {
		this.schemas.get(type)
			.validate(data)
			.stream()
			.sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()))
			.map((message) -> toViolation(message, this.schemas.get(type).getSchemaNode()))
			.forEach(violations::add);
		JsonNode operator = data.path("operator");
		if (operator.isTextual() && Bin.isTwelveDigits(operator.asText())) {
			String problem = Bin.problem(operator.asText());
			if (problem != null) {
				violations.add(new Violation("data.operator", problem));
			}
		}
		for (String field : TIMESTAMP_FIELDS.getOrDefault(type, List.of())) {
			JsonNode value = data.path(field);
			if (value.isTextual()) {
				try {
					OffsetDateTime time = OffsetDateTime.parse(value.asText());
					if (!ContractLimits.inWindow(time)) {
						violations.add(new Violation("data." + field,
								"must lie " + ContractLimits.windowText() + ", was " + value.asText()));
					}
				}
				catch (DateTimeParseException ex) {
					violations.add(new Violation("data." + field, "is not an RFC 3339 timestamp: " + value.asText()));
				}
			}
		}
	}

	/**
	 * A destruction cannot be due before the day it became due: the business date of
	 * {@code time} in Asia/Almaty.
	 */
	private static void checkDueBy(EventType type, JsonNode data, OffsetDateTime time, List<Violation> violations) {
		JsonNode dueBy = data.path("dueBy");
		if (type != EventType.DESTRUCTION_DUE || !dueBy.isTextual() || time == null) {
			return;
		}
		LocalDate businessDate = LocalDate.ofInstant(time.toInstant(), KazakhstanCalendar.ZONE);
		try {
			if (LocalDate.parse(dueBy.asText()).isBefore(businessDate)) {
				violations.add(new Violation("data.dueBy", "must not be before the event's business date "
						+ businessDate + " (its time in Asia/Almaty), was " + dueBy.asText()));
			}
		}
		catch (DateTimeParseException ex) {
			// The schema's format names it.
		}
	}

	private static Violation toViolation(ValidationMessage message, JsonNode schema) {
		String location = message.getInstanceLocation().toString();
		String field = "data" + location.substring(1);
		if ("required".equals(message.getType()) && message.getProperty() != null) {
			field = field + "." + message.getProperty();
		}
		String text = message.getMessage();
		if (text.startsWith(location + ": ")) {
			text = text.substring(location.length() + 2);
		}
		if ("not".equals(message.getType())) {
			// "must not be valid to the schema {}" says nothing: the schema holding the
			// "not" describes what is forbidden.
			text = notDescription(message, schema).orElse(text);
		}
		return new Violation(field, text);
	}

	private static Optional<String> notDescription(ValidationMessage message, JsonNode schema) {
		JsonNodePath not = message.getSchemaLocation().getFragment();
		StringBuilder holder = new StringBuilder();
		for (int i = 0; i < not.getNameCount() - 1; i++) {
			holder.append('/').append(not.getName(i).replace("~", "~0").replace("/", "~1"));
		}
		JsonNode description = schema.at(holder.toString()).path("description");
		return description.isTextual() ? Optional.of(description.asText()) : Optional.empty();
	}

	/**
	 * The RFC 8785 form of what the event says, whose digest tells a redelivery from a
	 * conflicting reuse. The SDK's tree is Jackson 2's; the canonical form is written
	 * from a Jackson 3 tree of the same text.
	 */
	private byte[] content(CloudEvent event, JsonNode data) {
		ObjectNode content = this.json.createObjectNode();
		content.put("type", event.getType());
		content.put("subject", event.getSubject());
		content.put("time", event.getTime().toInstant().toString());
		content.set("data", data);
		try {
			return Hashes.canonical(TREES.readTree(this.json.writeValueAsBytes(content)));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot write event content", ex);
		}
	}

}
