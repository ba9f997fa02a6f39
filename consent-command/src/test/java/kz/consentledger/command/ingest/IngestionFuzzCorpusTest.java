package kz.consentledger.command.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kz.consentledger.command.ingest.FuzzInput.Channel;
import kz.consentledger.command.ingest.IngestionFuzzTest.Outcome;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds of {@link IngestionFuzzTest}: each contract example through every channel,
 * and hostile variants of them, one for each way issue 25 found to break the ledger and
 * the rest the contract forbids. They are committed, so the build runs them in regression
 * mode; this test checks that they match what it generates here, and rewrites them with
 * {@code -Dfuzz.seeds.write=true} after a change of the examples or of this list. Files
 * the fuzzer adds (its findings) are left alone.
 */
class IngestionFuzzCorpusTest {

	static final Path INPUTS = Path
		.of("src/test/resources/kz/consentledger/command/ingest/IngestionFuzzTestInputs/decodeAndValidate");

	private static final String STRUCTURED = "application/cloudevents+json";

	private static final String BATCH = "application/cloudevents-batch+json";

	private static final List<String> EXAMPLES = List.of("policy-published.json", "granted.json",
			"granted-by-representative.json", "data-shared.json", "withdrawn.json", "withdrawn-refused.json",
			"data-shared-violation.json", "data-shared-state-request.json", "policy-accepted.json");

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void theCommittedCorpusHoldsEverySeed() throws IOException {
		Map<String, FuzzInput> seeds = seeds();
		if (Boolean.getBoolean("fuzz.seeds.write")) {
			Files.createDirectories(INPUTS);
			for (Map.Entry<String, FuzzInput> seed : seeds.entrySet()) {
				Files.write(INPUTS.resolve(seed.getKey()), seed.getValue().encode());
			}
		}
		for (Map.Entry<String, FuzzInput> seed : seeds.entrySet()) {
			assertThat(INPUTS.resolve(seed.getKey()))
				.as("seed %s (rewrite the corpus with -Dfuzz.seeds.write=true)", seed.getKey())
				.exists()
				.hasBinaryContent(seed.getValue().encode());
		}
	}

	/**
	 * The seeds mean what their names say: the examples and the edges of the window are
	 * accepted, every hostile input is rejected ({@code odd-} ones may go either way).
	 * Otherwise the fuzz test could pass on inputs that never reach what it guards.
	 */
	@Test
	void examplesAndEdgesAreAcceptedAndHostileInputsRejected() {
		SoftAssertions softly = new SoftAssertions();
		seeds().forEach((name, seed) -> {
			Outcome outcome = IngestionFuzzTest.ingest(seed);
			if (name.startsWith("example-") || name.startsWith("edge-")) {
				softly.assertThat(outcome).as(name).isEqualTo(new Outcome(outcome.accepted(), 0));
				softly.assertThat(outcome.accepted()).as(name).isPositive();
			}
			else if (name.startsWith("hostile-")) {
				softly.assertThat(outcome.rejected()).as(name).isPositive();
			}
		});
		softly.assertAll();
	}

	/**
	 * Named {@code example-}, {@code edge-} (accepted), {@code hostile-} (rejected) or
	 * {@code odd-} (either, never a failure), then what it is and its channel.
	 */
	static Map<String, FuzzInput> seeds() {
		Map<String, FuzzInput> seeds = new TreeMap<>();
		for (String file : EXAMPLES) {
			String name = "example-" + file.replace(".json", "");
			ObjectNode event = example(file);
			seeds.put(name + "-kafka-plain", new FuzzInput(Channel.KAFKA_PLAIN, null, bytes(event)));
			seeds.put(name + "-kafka-structured", new FuzzInput(Channel.KAFKA_STRUCTURED, STRUCTURED, bytes(event)));
			seeds.put(name + "-kafka-binary", new FuzzInput(Channel.KAFKA_BINARY, "application/json", binary(event)));
			seeds.put(name + "-http-structured", new FuzzInput(Channel.HTTP, STRUCTURED, bytes(event)));
			seeds.put(name + "-http-binary", new FuzzInput(Channel.HTTP_BINARY, "application/json", binary(event)));
		}
		ArrayNode story = JSON.createArrayNode();
		EXAMPLES.forEach((file) -> story.add(example(file)));
		seeds.put("example-story-http-batch", new FuzzInput(Channel.HTTP, BATCH, bytes(story)));
		for (String time : List.of("2999-12-31T23:59:59.999Z", "1900-01-01T00:00:00Z", "1900-01-01T05:00:00+05:00")) {
			seeds.put("edge-time-" + time,
					new FuzzInput(Channel.HTTP, STRUCTURED, edit("granted.json", (e) -> e.put("time", time))));
		}
		// Underflows to zero, a number like any other.
		seeds.put("odd-number-underflow", new FuzzInput(Channel.KAFKA_PLAIN, null, raw("granted.json",
				(text) -> text.replace("\"language\":\"kk\"", "\"language\":\"kk\",\"extra\":1.0e-999999"))));
		seeds.put("hostile-kafka-null-value", new FuzzInput(Channel.KAFKA_NULL_VALUE, null, new byte[0]));
		hostileBodies().forEach((name, body) -> {
			seeds.put("hostile-" + name + "-kafka-plain", new FuzzInput(Channel.KAFKA_PLAIN, null, body));
			seeds.put("hostile-" + name + "-http-structured", new FuzzInput(Channel.HTTP, STRUCTURED, body));
		});
		hostileBatches()
			.forEach((name, body) -> seeds.put("hostile-batch-" + name, new FuzzInput(Channel.HTTP, BATCH, body)));
		hostileBinary().forEach((name, body) -> {
			seeds.put("hostile-binary-" + name + "-kafka",
					new FuzzInput(Channel.KAFKA_BINARY, "application/json", body));
			seeds.put("hostile-binary-" + name + "-http", new FuzzInput(Channel.HTTP_BINARY, "application/json", body));
		});
		Map<String, String> contentTypes = Map.of("any", "*/*", "text", "text/plain", "empty", "", "avro",
				"application/cloudevents+avro");
		contentTypes.forEach((name, contentType) -> {
			byte[] granted = bytes(example("granted.json"));
			seeds.put("odd-content-type-" + name + "-kafka",
					new FuzzInput(Channel.KAFKA_STRUCTURED, contentType, granted));
			seeds.put("odd-content-type-" + name + "-http", new FuzzInput(Channel.HTTP, contentType, granted));
		});
		Map<String, FuzzInput> named = new TreeMap<>();
		seeds.forEach((name, seed) -> named.put(name.replaceAll("[^A-Za-z0-9.-]", "_"), seed));
		return named;
	}

	/** Structured-mode bodies, each wrong in one way. */
	private static Map<String, byte[]> hostileBodies() {
		Map<String, byte[]> bodies = new LinkedHashMap<>();
		bodies.put("json-null", utf8("null"));
		bodies.put("empty", new byte[0]);
		bodies.put("json-array", utf8("[]"));
		bodies.put("json-string", utf8("\"granted\""));
		byte[] garbage = new byte[512];
		new Random(25).nextBytes(garbage);
		bodies.put("binary-garbage", garbage);
		bodies.put("invalid-utf8-in-data",
				splice("granted.json", "\"kk\"", new byte[] { '"', 'k', (byte) 0xc3, '(', '"' }));
		bodies.put("invalid-utf8-in-id", splice("granted.json", "\"8b0f7c9e-3d52-4f0e-9a77-0c1d2e3f4a5b\"",
				new byte[] { '"', (byte) 0x80, (byte) 0xff, '"' }));
		bodies.put("specversion-0.3", edit("granted.json", (e) -> e.put("specversion", "0.3")));
		bodies.put("specversion-missing", edit("granted.json", (e) -> e.remove("specversion")));
		for (String time : List.of("+999999999-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z",
				"3000-01-01T00:00:00Z", "2026-13-45T99:00:00Z")) {
			bodies.put("time-" + time, edit("granted.json", (e) -> e.put("time", time)));
		}
		bodies.put("withdrawal-time-far-future",
				edit("withdrawn.json", (e) -> e.put("time", "+999999999-12-31T23:59:59Z")));
		bodies.put("time-a-number", edit("granted.json", (e) -> e.put("time", 1_790_000_000)));
		bodies.put("expires-at-far-future",
				edit("granted.json", (e) -> data(e).put("expiresAt", "+999999999-12-31T23:59:59Z")));
		bodies.put("effective-at-year-minus-one",
				edit("policy-published.json", (e) -> data(e).put("effectiveAt", "-0001-01-01T00:00:00Z")));
		bodies.put("nul-in-recipient-name",
				edit("granted.json", (e) -> ((ObjectNode) data(e).path("recipients").get(0)).put("name", "Ibro\0")));
		bodies.put("nul-in-form-id",
				edit("granted.json", (e) -> ((ObjectNode) data(e).path("evidence")).put("formId", "signup\0v7")));
		bodies.put("nul-in-policy-version", edit("granted.json", (e) -> data(e).put("policyVersion", "2021\0")));
		bodies.put("nul-in-unknown-property", edit("granted.json", (e) -> data(e).put("note", "\0")));
		bodies.put("nul-in-property-name", edit("granted.json", (e) -> data(e).put("no\0te", "x")));
		bodies.put("nul-in-subject", edit("granted.json", (e) -> e.put("subject", "user\0")));
		bodies.put("nul-in-id", edit("granted.json", (e) -> e.put("id", "evt\0")));
		bodies.put("lone-surrogate-in-recipient-name",
				raw("granted.json", (text) -> text.replace("Ibro films", "Ibro\\ud800films")));
		bodies.put("lone-surrogate-in-subject", raw("granted.json", (text) -> text.replace("user-000417", "\\udc00")));
		bodies.put("control-in-id", edit("granted.json", (e) -> e.put("id", "evt\n1")));
		bodies.put("control-in-source", edit("granted.json", (e) -> e.put("source", "//kinoqazaqsha.kz/web\r\n")));
		bodies.put("control-in-subject", edit("granted.json", (e) -> e.put("subject", "user\u0007")));
		bodies.put("control-in-policy-version", edit("granted.json", (e) -> data(e).put("policyVersion", "2021\t03")));
		bodies.put("subject-of-spaces", edit("granted.json", (e) -> e.put("subject", "   ")));
		bodies.put("subject-with-crlf", edit("granted.json", (e) -> e.put("subject", "user-1\r\n")));
		for (int depth : List.of(33, 600, 1200)) {
			bodies.put("nesting-" + depth, raw("granted.json", (text) -> text.replace("\"language\":\"kk\"",
					"\"language\":\"kk\",\"extra\":" + "[".repeat(depth) + "]".repeat(depth))));
		}
		bodies.put("duplicate-operator", raw("granted.json", (text) -> text.replace("\"operator\":\"180440011034\"",
				"\"operator\":\"180440011034\",\"operator\":\"990340005977\"")));
		bodies.put("duplicate-id",
				raw("granted.json", (text) -> text.replace("{\"specversion\"", "{\"id\":\"x\",\"specversion\"")));
		bodies.put("trailing-object", raw("granted.json", (text) -> text + " {}"));
		bodies.put("trailing-garbage", raw("granted.json", (text) -> text + "garbage"));
		bodies.put("two-events", raw("granted.json", (text) -> text + "\n" + text));
		for (String number : List.of("1e999999", "-1e999999", "9".repeat(5000))) {
			bodies.put("number-" + number.substring(0, Math.min(10, number.length())), raw("granted.json",
					(text) -> text.replace("\"language\":\"kk\"", "\"language\":\"kk\",\"extra\":" + number)));
		}
		bodies.put("id-257", edit("granted.json", (e) -> e.put("id", "i".repeat(257))));
		bodies.put("source-1025", edit("granted.json", (e) -> e.put("source", "//s/" + "s".repeat(1021))));
		bodies.put("subject-129", edit("granted.json", (e) -> e.put("subject", "u".repeat(129))));
		bodies.put("string-9000", edit("granted.json", (e) -> data(e).put("note", "n".repeat(9000))));
		bodies.put("purposes-2000", edit("granted.json", (e) -> {
			ArrayNode purposes = data(e).putArray("purposes");
			for (int i = 0; i < 2000; i++) {
				purposes.add("purpose-" + i);
			}
		}));
		bodies.put("recipients-2000", edit("granted.json", (e) -> {
			ArrayNode recipients = data(e).putArray("recipients");
			for (int i = 0; i < 2000; i++) {
				recipients.addObject().put("id", "r-" + i).put("name", "R").put("kind", "affiliate");
			}
		}));
		bodies.put("data-null", edit("granted.json", (e) -> e.putNull("data")));
		bodies.put("data-array", edit("granted.json", (e) -> e.putArray("data")));
		bodies.put("data-string", edit("granted.json", (e) -> e.put("data", "{}")));
		bodies.put("data-base64", edit("granted.json", (e) -> {
			e.remove("data");
			e.put("data_base64", "AAEC");
		}));
		bodies.put("datacontenttype-text", edit("granted.json", (e) -> e.put("datacontenttype", "text/plain")));
		return bodies;
	}

	private static Map<String, byte[]> hostileBatches() {
		Map<String, byte[]> batches = new LinkedHashMap<>();
		batches.put("empty", utf8("[]"));
		batches.put("of-null", utf8("[null]"));
		batches.put("json-null", utf8("null"));
		batches.put("of-scalars", utf8("[1,\"x\",true,[]]"));
		batches.put("of-1001-empty-objects", utf8("[" + "{},".repeat(1000) + "{}]"));
		batches.put("good-and-far-future", raw("granted.json", (text) -> "[" + text + ","
				+ text.replace("2026-10-02T14:31:07+05:00", "+999999999-12-31T23:59:59Z") + "]"));
		batches.put("trailing-content", raw("granted.json", (text) -> "[" + text + "]]"));
		return batches;
	}

	/** Binary-mode bodies: an envelope (the {@code ce_} headers) wrong in one way. */
	private static Map<String, byte[]> hostileBinary() {
		Map<String, byte[]> bodies = new LinkedHashMap<>();
		bodies.put("specversion-0.3", binary(edit(example("granted.json"), (e) -> e.put("specversion", "0.3"))));
		bodies.put("time-yesterday", binary(edit(example("granted.json"), (e) -> e.put("time", "yesterday"))));
		bodies.put("time-far-future",
				binary(edit(example("granted.json"), (e) -> e.put("time", "+999999999-12-31T23:59:59Z"))));
		bodies.put("no-id", binary(edit(example("granted.json"), (e) -> e.remove("id"))));
		bodies.put("unknown-type", binary(edit(example("granted.json"), (e) -> e.put("type", "kz.consent.x.v1"))));
		bodies.put("source-not-a-uri", binary(edit(example("granted.json"), (e) -> e.put("source", "a b\\c"))));
		bodies.put("nul-in-subject", binary(edit(example("granted.json"), (e) -> e.put("subject", "user\0"))));
		bodies.put("data-not-json", FuzzInput.binaryBody(FuzzInput.DEFAULT_ATTRIBUTES, utf8("not json")));
		bodies.put("data-json-null", FuzzInput.binaryBody(FuzzInput.DEFAULT_ATTRIBUTES, utf8("null")));
		bodies.put("no-attribute-line", utf8("{\"operator\":\"180440011034\"}"));
		return bodies;
	}

	private static ObjectNode example(String file) {
		try (InputStream in = IngestionFuzzCorpusTest.class.getResourceAsStream("/contract-examples/" + file)) {
			return (ObjectNode) JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ObjectNode data(ObjectNode event) {
		return (ObjectNode) event.get("data");
	}

	private static ObjectNode edit(ObjectNode event, Consumer<ObjectNode> change) {
		change.accept(event);
		return event;
	}

	private static byte[] edit(String file, Consumer<ObjectNode> change) {
		return bytes(edit(example(file), change));
	}

	/** An edit of the compact text, for what a tree cannot hold. */
	private static byte[] raw(String file, UnaryOperator<String> change) {
		return utf8(change.apply(new String(bytes(example(file)), StandardCharsets.UTF_8)));
	}

	/** The compact text with {@code marker} replaced by raw bytes (not UTF-8, say). */
	private static byte[] splice(String file, String marker, byte[] replacement) {
		String text = new String(bytes(example(file)), StandardCharsets.UTF_8);
		int at = text.indexOf(marker);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(utf8(text.substring(0, at)));
		out.writeBytes(replacement);
		out.writeBytes(utf8(text.substring(at + marker.length())));
		return out.toByteArray();
	}

	/**
	 * The example in binary mode: its attributes as the header line, its data as the
	 * body.
	 */
	private static byte[] binary(ObjectNode event) {
		Map<String, String> attributes = new LinkedHashMap<>();
		event.fields().forEachRemaining((member) -> {
			// In binary mode the data's content type is the content-type header.
			if (!member.getKey().equals("data") && !member.getKey().equals("datacontenttype")) {
				JsonNode value = member.getValue();
				attributes.put(member.getKey(), value.isTextual() ? value.textValue() : value.toString());
			}
		});
		return FuzzInput.binaryBody(attributes, bytes(event.get("data")));
	}

	private static byte[] bytes(JsonNode node) {
		try {
			return JSON.writeValueAsBytes(node);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
