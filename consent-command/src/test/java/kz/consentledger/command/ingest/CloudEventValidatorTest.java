package kz.consentledger.command.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import kz.consentledger.proof.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The validator against the contract's own examples and against events broken on purpose.
 */
class CloudEventValidatorTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final CloudEventValidator validator = new CloudEventValidator(JSON);

	@ParameterizedTest
	@ValueSource(strings = { "policy-published.json", "granted.json", "granted-by-representative.json",
			"data-shared.json", "withdrawn.json", "withdrawn-refused.json", "data-shared-violation.json",
			"data-shared-state-request.json", "policy-accepted.json" })
	void everyContractExampleIsValid(String file) {
		ObjectNode json = example(file);
		IncomingEvent event = this.validator.validate(event(json));
		assertThat(event.operator()).isEqualTo("180440011034");
		// The reference implementation's canonical form of the same content: hashes
		// already in the idempotency log stay valid.
		ObjectNode content = JSON.createObjectNode();
		content.put("type", json.get("type").asText());
		content.set("subject", json.get("subject"));
		content.put("time", java.time.OffsetDateTime.parse(json.get("time").asText()).toInstant().toString());
		content.set("data", json.get("data"));
		assertThat(event.contentSha256()).isEqualTo(Hashes.hex(Hashes.sha256(Hashes.canonical(content.toString()))));
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

	@Test
	void sameContentGivesTheSameHashAndOtherContentAnother() {
		ObjectNode first = example("granted.json");
		ObjectNode reformatted = example("granted.json");
		reformatted.put("time", "2026-10-02T09:31:07Z");
		ObjectNode changed = example("granted.json");
		((ObjectNode) changed.get("data")).put("channel", "egov");
		String hash = this.validator.validate(event(first)).contentSha256();
		assertThat(this.validator.validate(event(reformatted)).contentSha256()).isEqualTo(hash);
		assertThat(this.validator.validate(event(changed)).contentSha256()).isNotEqualTo(hash);
	}

	@Test
	void aNonCloudEventRecordIsMalformed() {
		CloudEventReaders readers = new CloudEventReaders(JSON);
		assertThatThrownBy(() -> readers.batchFromHttp("{\"not\": \"an array\"}".getBytes()))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("non-empty JSON array");
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
