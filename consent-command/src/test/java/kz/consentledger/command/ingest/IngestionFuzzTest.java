package kz.consentledger.command.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Coverage-guided fuzzing (Jazzer) of everything a producer controls on the way in:
 * decoding ({@link CloudEventReaders}: Kafka without headers, structured and binary mode,
 * a record without value; HTTP structured, binary and batch), validation and the content
 * hash ({@link CloudEventValidator}), and the mapping to a command
 * ({@link CommandMapper}). {@link FuzzInput} says how the fuzzer's bytes choose the
 * channel, the content type, the headers and the body.
 * <p>
 * The property: decoding and validation only ever return events or throw a
 * {@link MalformedEventException} that names a violation; any other exception is a
 * finding (on Kafka it would stall a partition, over HTTP answer 500). What is accepted
 * can be stored and projected: its {@code time} and every {@code date-time} field of its
 * type's schema parse and lie in [1900-01-01, 3000-01-01), no string or property name
 * holds NUL or a lone surrogate (PostgreSQL's {@code jsonb} and UTF-8 refuse them), its
 * content hash is 64 hex digits, and it maps to a command.
 * <p>
 * Every build runs it in regression mode over the committed inputs in
 * {@code src/test/resources/kz/consentledger/command/ingest/IngestionFuzzTestInputs/decodeAndValidate}:
 * the contract's examples through every channel and their hostile variants
 * ({@link IngestionFuzzCorpusTest}), plus whatever a fuzzing run found. A fuzzing run,
 * with the coverage of the libraries that decode (CloudEvents SDK, Jackson, the JSON
 * Schema validator) instrumented too:
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=1h \
 * JAZZER_INSTRUMENT='kz.consentledger.**,io.cloudevents.**,com.fasterxml.jackson.**,com.networknt.**' \
 * ./deploy/test.sh -o -pl consent-command -Dtest='IngestionFuzzTest#decodeAndValidate' \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * A finding is written as a new file into the inputs directory above (commit it with its
 * fix: it is a regression test from then on); the corpus the fuzzer grows goes to
 * {@code consent-command/.cifuzz-corpus} (not committed).
 */
class IngestionFuzzTest {

	/**
	 * The window every stored time must lie in: what Java, the calendar and PostgreSQL
	 * hold.
	 */
	private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	private static final Instant END = Instant.parse("3000-01-01T00:00:00Z");

	private static final ObjectMapper JSON = ContractLimits.strictJson();

	private static final CloudEventReaders READERS = new CloudEventReaders(JSON, 262_144);

	private static final CloudEventValidator VALIDATOR = new CloudEventValidator(JSON);

	/** Seals nothing: the mapping is what is under test, not the cipher. */
	private static final CommandMapper MAPPER = new CommandMapper(new PersonalDataSealer() {

		@Override
		public void prepare(java.util.Collection<String> subjects) {
		}

		@Override
		public String seal(String operator, String subject, String plaintext) {
			return plaintext;
		}

	});

	private static final Map<EventType, JsonNode> SCHEMAS = schemas();

	@FuzzTest(maxDuration = "2m")
	void decodeAndValidate(byte[] bytes) {
		ingest(FuzzInput.decode(bytes));
	}

	/**
	 * What the ledger makes of one input, asserting the property on the way: how many
	 * events it accepts and how many it rejects.
	 */
	static Outcome ingest(FuzzInput input) {
		List<CloudEvent> events;
		try {
			events = input.read(READERS);
		}
		catch (MalformedEventException ex) {
			assertNamesAViolation(ex);
			return new Outcome(0, 1);
		}
		int accepted = 0;
		for (CloudEvent event : events) {
			try {
				assertStorable(VALIDATOR.validate(event));
				accepted++;
			}
			catch (MalformedEventException ex) {
				assertNamesAViolation(ex);
			}
		}
		return new Outcome(accepted, events.size() - accepted);
	}

	record Outcome(int accepted, int rejected) {
	}

	private static void assertNamesAViolation(MalformedEventException ex) {
		assertThat(ex.violations()).isNotEmpty();
		assertThat(ex.violations()).allSatisfy((violation) -> assertThat(violation.field()).isNotBlank());
	}

	private static void assertStorable(IncomingEvent event) {
		assertInWindow("time", event.time());
		assertStorableText("id", event.id());
		assertStorableText("source", event.source());
		if (event.subject() != null) {
			assertStorableText("subject", event.subject());
		}
		assertStorableTree("data", event.data());
		assertTimestamps(SCHEMAS.get(event.type()), SCHEMAS.get(event.type()), event.data(), "data");
		assertThat(event.content()).isNotEmpty();
		assertThat(MAPPER.toCommand(event, Instant.EPOCH)).isNotNull();
	}

	private static void assertInWindow(String field, OffsetDateTime time) {
		Instant instant = time.toInstant();
		if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
			fail(field + " " + time + " was accepted, outside [" + EARLIEST + ", " + END + ")");
		}
	}

	private static void assertStorableTree(String path, JsonNode node) {
		if (node.isTextual()) {
			assertStorableText(path, node.textValue());
		}
		for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			assertStorableText(path + " (a property name)", field.getKey());
			assertStorableTree(path + "." + field.getKey(), field.getValue());
		}
		if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				assertStorableTree(path + "[" + i + "]", node.get(i));
			}
		}
	}

	private static void assertStorableText(String path, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				fail(path + " was accepted with a NUL character at " + i);
			}
			boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			if (paired) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				fail(path + " was accepted with a lone surrogate at " + i);
			}
		}
	}

	/**
	 * Follows the schema's {@code properties}, {@code items} and local {@code $ref}s to
	 * every value the schema declares a {@code date-time}: the command side turns those
	 * into instants.
	 */
	private static void assertTimestamps(JsonNode root, JsonNode schema, JsonNode value, String path) {
		String ref = schema.path("$ref").asText();
		JsonNode resolved = ref.startsWith("#/") ? root.at(ref.substring(1)) : schema;
		if (value.isTextual() && ("date-time".equals(schema.path("format").asText())
				|| "date-time".equals(resolved.path("format").asText()))) {
			try {
				assertInWindow(path, OffsetDateTime.parse(value.textValue()));
			}
			catch (DateTimeParseException ex) {
				fail(path + " was accepted as a date-time but does not parse: " + value.textValue());
			}
		}
		for (JsonNode declared : (resolved == schema) ? List.of(schema) : List.of(schema, resolved)) {
			declared.path("properties")
				.fields()
				.forEachRemaining((property) -> assertTimestamps(root, property.getValue(),
						value.path(property.getKey()), path + "." + property.getKey()));
			if (declared.has("items") && value.isArray()) {
				for (int i = 0; i < value.size(); i++) {
					assertTimestamps(root, declared.get("items"), value.get(i), path + "[" + i + "]");
				}
			}
		}
	}

	private static Map<EventType, JsonNode> schemas() {
		Map<EventType, JsonNode> schemas = new EnumMap<>(EventType.class);
		for (EventType type : EventType.values()) {
			try (InputStream in = IngestionFuzzTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
				schemas.put(type, new ObjectMapper().readTree(in));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return schemas;
	}

}
