package kz.consentledger.command.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import kz.consentledger.proof.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The validator against the contract's own examples and against events broken on purpose.
 */
class CloudEventValidatorTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final CloudEventValidator validator = new CloudEventValidator(ContractLimits.strictJson());

	private final CloudEventReaders readers = new CloudEventReaders(ContractLimits.strictJson(), 4096);

	@ParameterizedTest
	@ValueSource(strings = { "policy-published.json", "granted.json", "granted-by-representative.json",
			"data-shared.json", "withdrawn.json", "withdrawn-refused.json", "data-shared-violation.json",
			"data-shared-state-request.json", "policy-accepted.json", "request-received.json", "request-answered.json",
			"destruction-due.json", "destruction-done.json", "agreement-ended.json", "purpose-reached.json" })
	void everyContractExampleIsValid(String file) {
		ObjectNode json = example(file);
		IncomingEvent event = this.validator.validate(event(json));
		assertThat(event.operator()).isEqualTo("180440011034");
		// The reference implementation's canonical form of the same content: the plain
		// SHA-256 digests already in the idempotency log stay valid.
		ObjectNode content = JSON.createObjectNode();
		content.put("type", json.get("type").asText());
		content.set("subject", json.get("subject"));
		content.put("time", java.time.OffsetDateTime.parse(json.get("time").asText()).toInstant().toString());
		content.set("data", json.get("data"));
		assertThat(event.content()).isEqualTo(Hashes.canonical(content.toString()));
	}

	@Test
	void everyViolationIsNamed() {
		ObjectNode granted = example("granted.json");
		granted.remove("time");
		ObjectNode data = (ObjectNode) granted.get("data");
		data.put("operator", "180440011035");
		data.putArray("purposes");
		data.put("channel", "carrier-pigeon");
		((ObjectNode) data.get("grantedBy")).put("kind", "legal-representative");
		List<Violation> violations = violations(granted);
		assertThat(violations).extracting(Violation::field)
			.contains("time", "data.operator", "data.purposes", "data.channel", "data.grantedBy.name",
					"data.grantedBy.documentRef");
		assertThat(violations).filteredOn((v) -> v.field().equals("data.operator"))
			.extracting(Violation::message)
			.containsExactly("BIN 180440011035 has check digit 5, expected 4");
	}

	@Test
	void envelopeRulesOfTheContract() {
		ObjectNode unknown = example("withdrawn.json");
		unknown.put("type", "kz.consent.teleported.v1");
		assertThat(violations(unknown)).extracting(Violation::field).containsExactly("type");

		ObjectNode noSubject = example("withdrawn.json");
		noSubject.remove("subject");
		assertThat(violations(noSubject)).extracting(Violation::field).containsExactly("subject");

		ObjectNode policyWithSubject = example("policy-published.json");
		policyWithSubject.put("subject", "user-1");
		assertThat(violations(policyWithSubject)).extracting(Violation::field).containsExactly("subject");
	}

	/** A producer cannot pass its event for one of the ledger's own. */
	@Test
	void theLedgersSourcesAreTheLedgersOnly() {
		ObjectNode forged = example("request-answered.json");
		forged.put("source", "URN:consent-ledger:judgments");
		assertThat(violations(forged)).extracting(Violation::field).containsExactly("source");
		assertThat(this.validator.validateLedgers(event(forged)).source()).isEqualTo("URN:consent-ledger:judgments");
	}

	/**
	 * Due before the day it became due is refused; the day itself is Almaty's (20:00 UTC
	 * on the 19th is the 20th there).
	 */
	@Test
	void aDestructionIsNotDueBeforeItsBusinessDate() {
		ObjectNode due = example("destruction-due.json");
		due.put("time", "2026-11-19T20:00:00Z");
		((ObjectNode) due.get("data")).put("dueBy", "2026-11-19");
		assertThat(violations(due)).extracting(Violation::field).containsExactly("data.dueBy");
		((ObjectNode) due.get("data")).put("dueBy", "2026-11-20");
		assertThat(this.validator.validate(event(due)).type()).isEqualTo(EventType.DESTRUCTION_DUE);
	}

	@Test
	void aRequestReferenceFitsInTheAnswersPath() {
		ObjectNode received = example("request-received.json");
		((ObjectNode) received.get("data")).put("requestRef", "DSR/2026/1");
		assertThat(violations(received)).extracting(Violation::field).containsExactly("data.requestRef");
	}

	@Test
	void sameContentGivesTheSameBytesAndOtherContentOthers() {
		ObjectNode first = example("granted.json");
		ObjectNode reformatted = example("granted.json");
		reformatted.put("time", "2026-10-02T09:31:07Z");
		ObjectNode changed = example("granted.json");
		((ObjectNode) changed.get("data")).put("channel", "egov");
		byte[] content = this.validator.validate(event(first)).content();
		assertThat(this.validator.validate(event(reformatted)).content()).isEqualTo(content);
		assertThat(this.validator.validate(event(changed)).content()).isNotEqualTo(content);
	}

	@Test
	void aNonCloudEventRecordIsMalformed() {
		assertThatThrownBy(() -> this.readers.batchFromHttp("{\"not\": \"an array\"}".getBytes()))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("non-empty JSON array");
	}

	/**
	 * Each hostile variant of a valid structured event is refused naming the field, and
	 * nothing else is thrown.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"specversion":"1.0"                          | "specversion":"0.3"                          | specversion
			"time":"2026-10-02T14:31:07+05:00"           | "time":"+999999999-12-31T23:59:59Z"          | time
			"time":"2026-10-02T14:31:07+05:00"           | "time":"-0001-01-01T00:00:00Z"               | time
			"time":"2026-10-02T14:31:07+05:00"           | "time":"1899-12-31T23:59:59Z"                | time
			"subject":"user-000417"                      | "subject":"   "                              | subject
			"subject":"user-000417"                      | "subject":"user\\r\\n-000417"               | subject
			"subject":"user-000417"                      | "subject":"user\\u0000"                      | subject
			"subject":"user-000417"                      | "subject":" user-000417"                     | subject
			"channel":"web-form"                         | "channel":"web-form","x":"a\\u0000b"         | data.x
			"channel":"web-form"                         | "channel":"web-form","x":"\\ud800"           | data.x
			"channel":"web-form"                         | "channel":"web-form","x":1e999999            | data.x
			"formId":"signup-v7"            | "formId":"form\\u0000"                       | data.evidence.formId
			"formId":"signup-v7"            | "formId":"form\\u001b[31m"                   | data.evidence.formId
			"channel":"web-form"                         | "channel":"web-form","channel":"egov"        | envelope
			"language":"kk"                              | "language":"kk"}}                           | envelope
			""")
	void hostileVariantsAreRefusedNamingTheField(String valid, String hostile, String field) throws IOException {
		String text = new String(
				CloudEventValidatorTest.class.getResourceAsStream("/contract-examples/granted.json").readAllBytes(),
				StandardCharsets.UTF_8)
			.replaceAll("\\s*\n\\s*", "")
			.replace("\": \"", "\":\"");
		assertThat(text).contains(valid);
		assertThat(fieldsOf(text.replace(valid, hostile))).contains(field);
	}

	@Test
	void deepNestingIsRefusedBeforeTheSchemaIsAsked() {
		ObjectNode granted = example("granted.json");
		ObjectNode node = (ObjectNode) granted.get("data");
		for (int i = 0; i < ContractLimits.MAX_DEPTH + 1; i++) {
			node = node.putObject("n");
		}
		assertThat(violations(granted)).extracting(Violation::message).anyMatch((m) -> m.contains("nests deeper"));
	}

	@Test
	void limitsOfTheEnvelopeAndTheBatch() {
		ObjectNode longId = example("granted.json");
		longId.put("id", "i".repeat(ContractLimits.MAX_ID_LENGTH + 1));
		assertThat(violations(longId)).extracting(Violation::field).containsExactly("id");
		assertThat(fieldsOf("null")).containsExactly("envelope");
		assertThatThrownBy(() -> this.readers.batchFromHttp("[null]".getBytes()))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("[0].envelope");
		String many = "[" + "{},".repeat(ContractLimits.MAX_BATCH_EVENTS) + "{}]";
		assertThatThrownBy(() -> this.readers.batchFromHttp(many.getBytes()))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("at most " + ContractLimits.MAX_BATCH_EVENTS);
	}

	@Test
	void aRecordOverTheSizeLimitIsRefusedUnread() {
		ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 0, 0, null, new byte[4097]);
		MalformedEventException refused = catchThrowableOfType(MalformedEventException.class,
				() -> this.readers.fromKafka(record));
		assertThat(refused.kind()).isEqualTo(MalformedEventException.TOO_LARGE);
	}

	@Test
	void aReasonIsOneBoundedLine() {
		Violation violation = new Violation("data.x\n", "bad\r\nvalue " + "v".repeat(1000));
		assertThat(violation.toString()).doesNotContain("\n", "\r").hasSizeLessThan(2 * 310);
	}

	@Test
	void parserComplaintsReadAsAProducersWords() {
		String valid = example("granted.json").toString();
		assertThat(reasonOf(valid + " null")).contains("content follows the JSON value").doesNotContain("`");
		assertThat(reasonOf("{\"id\":\"a\"," + valid.substring(1))).contains("duplicate key 'id'");
		assertThat(reasonOf("{\"a\":".repeat(100))).contains("nested too deeply").doesNotContain("`");
		assertThat(reasonOf("[]")).contains("must be a JSON object").doesNotContain("`");
	}

	private String reasonOf(String structured) {
		return catchThrowableOfType(MalformedEventException.class,
				() -> this.readers.fromHttp(Map.of("Content-Type", "application/cloudevents+json"),
						structured.getBytes(StandardCharsets.UTF_8)))
			.getMessage();
	}

	private List<String> fieldsOf(String structured) {
		MalformedEventException refused = catchThrowableOfType(MalformedEventException.class,
				() -> this.validator
					.validate(this.readers.fromHttp(Map.of("Content-Type", "application/cloudevents+json"),
							structured.getBytes(StandardCharsets.UTF_8))));
		assertThat(refused).as("refused: %s", structured).isNotNull();
		return refused.violations().stream().map(Violation::field).toList();
	}

	/**
	 * The published examples are the contract's, unchanged (checked when shared/ is
	 * beside the repo).
	 */
	@Test
	void publishedExamplesMatchTheContract() throws IOException {
		Path contract = Path.of("..", "..", "shared", "contract", "examples");
		if (Files.isDirectory(contract)) {
			try (var files = Files.list(contract)) {
				for (Path file : files.toList()) {
					assertThat(Path.of("..", "docs", "contract", "examples", file.getFileName().toString()))
						.hasSameBinaryContentAs(file);
				}
			}
		}
	}

	private List<Violation> violations(ObjectNode json) {
		return catchThrowableOfType(MalformedEventException.class, () -> this.validator.validate(event(json)))
			.violations();
	}

	private static CloudEvent event(ObjectNode json) {
		try {
			return new JsonFormat().deserialize(JSON.writeValueAsBytes(json));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ObjectNode example(String file) {
		try (InputStream in = CloudEventValidatorTest.class.getResourceAsStream("/contract-examples/" + file)) {
			return (ObjectNode) JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
