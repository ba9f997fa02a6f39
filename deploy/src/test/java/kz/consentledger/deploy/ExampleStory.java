package kz.consentledger.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's example story (docs/contract/examples, copied into the test resources)
 * and the state the contract's README says it leads to.
 */
final class ExampleStory {

	static final String OPERATOR = "180440011034";

	static final String SUBJECT = "user-000417";

	/**
	 * The story in the order the ledger receives it; the last one refers to a version
	 * never published.
	 */
	static final List<String> FILES = List.of("policy-published.json", "granted.json", "granted-by-representative.json",
			"data-shared.json", "withdrawn.json", "withdrawn-refused.json", "data-shared-violation.json",
			"data-shared-state-request.json", "policy-accepted.json");

	static final JsonMapper JSON = JsonMapper.builder().build();

	private ExampleStory() {
	}

	static byte[] bytes(String file) {
		try (InputStream in = ExampleStory.class.getResourceAsStream("/contract-examples/" + file)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ObjectNode json(String file) {
		return (ObjectNode) JSON.readTree(bytes(file));
	}

	/** The example compacted to one line, as Kafka's console producer would send it. */
	static byte[] compact(String file) {
		return JSON.writeValueAsString(json(file)).getBytes(StandardCharsets.UTF_8);
	}

	static CloudEvent cloudEvent(byte[] structured) {
		return new JsonFormat().deserialize(structured);
	}

	static String key(String file) {
		JsonNode event = json(file);
		String operator = event.path("data").path("operator").asString();
		return event.has("subject") ? operator + ":" + event.path("subject").asString() : operator;
	}

	static Stream<String> firstEight() {
		return FILES.subList(0, 8).stream();
	}

	/** The README's expected state after events 1..8, read through the query API. */
	static void assertStateAfterEight(RunningLedger ledger) {
		RunningLedger.Response consents = ledger
			.get("/api/v1/operators/" + OPERATOR + "/subjects/" + SUBJECT + "/consents");
		assertThat(consents.status()).isEqualTo(200);
		JsonNode purposes = consents.body().path("purposes");
		assertThat(purposes.size()).isEqualTo(3);
		assertPurpose(purposes, "service-provision", "active");
		assertPurpose(purposes, "notifications", "active");
		JsonNode marketing = assertPurpose(purposes, "marketing", "withdrawn");
		assertThat(marketing.path("withdrawnAt").asString()).isEqualTo("2026-11-01T04:12:44Z");
		assertThat(marketing.path("stopDueBy").asString()).isEqualTo("2026-11-20");
		for (JsonNode purpose : purposes) {
			assertThat(strings(purpose.path("dataCategories"))).containsExactly("email", "phone", "ip-address",
					"cookies");
			assertThat(purpose.path("policyVersion").asString()).isEqualTo("2021-03-18");
			assertThat(purpose.path("grantedBy").path("kind").asString()).isEqualTo("subject");
			assertThat(purpose.path("channel").asString()).isEqualTo("web-form");
			assertThat(purpose.path("grantedAt").asString()).isEqualTo("2026-10-02T09:31:07Z");
		}
		JsonNode refusal = purpose(purposes, "service-provision").path("pendingRefusal");
		assertThat(refusal.path("reason").asString()).isEqualTo("unfulfilled-obligation");
		assertThat(refusal.path("detail").asString()).isEqualTo("Unpaid subscription period until 2026-11-30");

		RunningLedger.Response history = ledger
			.get("/api/v1/operators/" + OPERATOR + "/subjects/" + SUBJECT + "/history");
		assertThat(history.status()).isEqualTo(200);
		// Through Kafka the policy and the grants travel in different partitions: a grant
		// judged before its policy was appended is judged again (ADR 0023), an entry of
		// its
		// own. The facts are the other entries.
		JsonNode items = JSON.valueToTree(history.body()
			.path("items")
			.valueStream()
			.filter((item) -> !"judgment-revised".equals(item.path("type").asString()))
			.toList());
		assertThat(items.size()).isEqualTo(6);
		assertThat(items.valueStream().map((item) -> item.path("type").asString()).toList()).containsExactly(
				"consent-granted", "data-shared", "consent-withdrawn", "consent-withdrawal-refused", "data-shared",
				"data-shared");
		assertThat(items.valueStream().map((item) -> item.path("verdict").asString("")).toList()).containsExactly("",
				"ok", "", "", "violation", "ok");
		JsonNode violation = items.get(4);
		assertThat(violation.path("occurredAt").asString()).isEqualTo("2026-11-05T03:00:00Z");
		assertThat(strings(violation.path("details").path("reasons")))
			.anySatisfy((reason) -> assertThat(reason).contains("marketing").contains("withdrawn"))
			.anySatisfy((reason) -> assertThat(reason).contains("device-info"))
			.anySatisfy((reason) -> assertThat(reason).contains("adnet-eu"))
			.anySatisfy((reason) -> assertThat(reason).contains("DE"));
		assertThat(items.get(0).path("details").path("evidence").path("ipAddress").asString())
			.isEqualTo("203.0.113.24");

		RunningLedger.Response representative = ledger
			.get("/api/v1/operators/" + OPERATOR + "/subjects/user-000902/consents");
		JsonNode grantedBy = representative.body().path("purposes").get(0).path("grantedBy");
		assertThat(grantedBy.path("kind").asString()).isEqualTo("legal-representative");
		assertThat(grantedBy.path("name").asString()).isEqualTo("Parent of the subject");

		RunningLedger.Response policy = ledger.get("/api/v1/operators/" + OPERATOR + "/policies/2021-03-18");
		assertThat(policy.status()).isEqualTo(200);
		assertThat(policy.body().path("storageCountry").asString()).isEqualTo("KZ");
		assertThat(policy.body().path("implicitAcceptanceDays").asInt()).isEqualTo(7);

		// No raw personal data in the stored payloads: only ciphertexts.
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM ledger.domain_event_entry WHERE convert_from(payload, 'UTF8') "
					+ "SIMILAR TO '%(203.0.113.24|Mozilla|Parent of the subject|birth-certificate|app-2026-11)%'",
					Long.class))
			.isZero();
	}

	private static JsonNode assertPurpose(JsonNode purposes, String name, String status) {
		JsonNode purpose = purpose(purposes, name);
		assertThat(purpose.path("status").asString()).as(name).isEqualTo(status);
		return purpose;
	}

	private static JsonNode purpose(JsonNode purposes, String name) {
		return purposes.valueStream()
			.filter((p) -> p.path("purpose").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no purpose " + name + " in " + purposes));
	}

	static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
