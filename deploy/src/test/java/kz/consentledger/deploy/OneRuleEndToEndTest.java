package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import kz.consentledger.consent.ConsentFold;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.replay.ConsentReplay;
import kz.consentledger.replay.PositionedEvent;
import kz.consentledger.verifier.BundleVerification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 28 end to end: the contract's story, in many copies (each with its own subjects
 * and policy version), sent in story order as a reference, then shuffled over HTTP (one
 * copy exactly reversed, so the withdrawal and the disclosures arrive before the grant)
 * and in one unpaced burst through Kafka with batching and the real consumer concurrency,
 * where policy publications and subject events travel in different partitions. Every copy
 * must give the reference's answers from {@code /consents}, {@code /as-of}, the export's
 * offline replay and the verdicts, no grant may keep a false {@code unknown-version}, and
 * the agreement check must find no difference.
 */
class OneRuleEndToEndTest {

	private static final String OPERATOR = ExampleStory.OPERATOR;

	private static final List<String> FILES = ExampleStory.FILES;

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("one_rule");
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	void everyArrivalOrderGivesTheSameAnswers() {
		Random random = new Random(28);
		for (String file : FILES) {
			assertThat(post(copy(file, "ref")).status()).as(file).isEqualTo(200);
		}
		List<String> copies = new ArrayList<>();
		List<String> reversed = new ArrayList<>(FILES);
		Collections.reverse(reversed);
		postAll(reversed, "rev");
		copies.add("rev");
		for (int n = 0; n < 4; n++) {
			List<String> shuffled = new ArrayList<>(FILES);
			Collections.shuffle(shuffled, random);
			postAll(shuffled, "h" + n);
			copies.add("h" + n);
		}
		List<ProducerRecord<byte[], byte[]>> burst = new ArrayList<>();
		for (int n = 0; n < 12; n++) {
			for (String file : FILES) {
				burst.add(record(copy(file, "k" + n)));
			}
			copies.add("k" + n);
		}
		Collections.shuffle(burst, random);
		try (KafkaProducer<byte[], byte[]> producer = LedgerInfrastructure.get()
			.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "50", ProducerConfig.BATCH_SIZE_CONFIG, "65536"))) {
			burst.forEach(producer::send);
			producer.flush();
		}

		long expected = (long) FILES.size() * (1 + copies.size());
		await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
			assertThat(ledger.storedEvents()).isGreaterThanOrEqualTo(expected);
			for (String copy : copies) {
				for (String subject : List.of("user-000417", "user-000902")) {
					assertThat(answers(copy, subject)).as(copy + " " + subject).isEqualTo(answers("ref", subject));
				}
			}
		});
		JsonNode reference = consents("ref", "user-000417");
		assertThat(status(reference, "marketing")).isEqualTo("withdrawn");
		assertThat(status(reference, "notifications")).isEqualTo("active");
		assertThat(reference.path("acceptedPolicy").path("validity").asString()).isEqualTo("unknown-version");
		// Reversed, the publication came last: both grants were judged again once it was
		// known.
		assertThat(exported("rev", "user-000417").subjectEvents())
			.filteredOn(
					(e) -> e.event() instanceof JudgmentRevised revised && revised.because().contains("was published"))
			.isNotEmpty();
		for (String copy : copies) {
			for (String subject : List.of("user-000417", "user-000902")) {
				assertThat(latestJudgments(exported(copy, subject))).as(copy + " " + subject)
					.noneMatch((judgment) -> judgment.contains("has not been published"));
			}
		}
		assertThat(latestJudgments(exported("ref", "user-000417"))).containsExactly("null []",
				"ok [covered by the consent granted at 2026-10-02T09:31:07Z under policy 2021-03-18-ref]",
				"violation [consent to purpose marketing was withdrawn at 2026-11-01T04:12:44Z; the stop was due by "
						+ "2026-11-20, category device-info is not covered by the consent, recipient adnet-eu is not "
						+ "named in the consent, cross-border transfer to DE is not covered (data is stored in KZ)]",
				"ok [legal basis state-request does not rest on consent (request request-2026-11-08-114)]");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode agreement = ledger.get("/api/v1/admin/agreement").body();
			assertThat(agreement.path("subjectsCompared").asInt()).isGreaterThanOrEqualTo(2 * (1 + copies.size()));
			assertThat(agreement.path("differenceCount").asInt()).as(agreement.toString()).isZero();
		});
	}

	/**
	 * What the ledger answers for one copy's subject, with the copy's names taken out:
	 * the current view, as-of now, the offline replay of its export, and the latest
	 * verdicts of its disclosures and findings of its grants.
	 */
	private static List<String> answers(String copy, String subject) {
		String now = Instant.now().toString();
		JsonNode consents = consents(copy, subject);
		JsonNode asOf = ledger.get(path(copy, subject) + "/as-of?reason=issue-28&at=" + now).body().path("state");
		BundleVerification exported = exported(copy, subject);
		assertThat(exported.verified()).as(exported.failures().toString()).isTrue();
		String replayed = ExampleStory.JSON.writeValueAsString(ConsentReplay.stateAt(OPERATOR, name(copy, subject),
				exported.subjectEvents(), Instant.parse(now), Instant.parse(now)));
		return List
			.of(consents.path("purposes").toString(), consents.path("acceptedPolicy").toString(),
					asOf.path("purposes").toString(), asOf.path("acceptedPolicy").toString(),
					"sharings " + asOf.path("sharings").asInt(), "violations " + asOf.path("violations").asInt(),
					replayed.replace(now, "now"), latestJudgments(exported).toString())
			.stream()
			.map((answer) -> neutral(answer, copy))
			.toList();
	}

	/** The latest judgment of each disclosure and grant, in business order. */
	private static List<String> latestJudgments(BundleVerification exported) {
		List<PositionedEvent> events = new ArrayList<>(exported.subjectEvents());
		events.sort(ConsentFold.BUSINESS_ORDER);
		ConsentFold fold = ConsentFold.of(events);
		List<String> judgments = new ArrayList<>();
		for (PositionedEvent event : events) {
			if (event.event() instanceof DataShared || event.event() instanceof ConsentGranted) {
				ConsentFold.Judgment judgment = fold.judgmentOf(event.event().provenance()).orElseThrow();
				judgments.add(judgment.verdict() + " " + judgment.reasons());
			}
		}
		return judgments;
	}

	private static BundleVerification exported(String copy, String subject) {
		// Sealed and cosigned first, so the checkpoint holds the subject's whole stream.
		assertThat(ledger.postCommand("/api/v1/admin/checkpoints").status()).isEqualTo(200);
		byte[] bundle = ledger.getBytes(path(copy, subject) + "/export", Map.of("X-Access-Reason", "issue 28"));
		return ExportTrust.verify(ledger, bundle);
	}

	private static String neutral(String answer, String copy) {
		return answer.replace(name(copy, "user-000417"), "S1")
			.replace(name(copy, "user-000902"), "S2")
			.replace(version(copy), "V");
	}

	private static JsonNode consents(String copy, String subject) {
		return ledger.get(path(copy, subject) + "/consents").body();
	}

	private static String status(JsonNode consents, String purpose) {
		for (JsonNode p : consents.path("purposes")) {
			if (purpose.equals(p.path("purpose").asString())) {
				return p.path("status").asString();
			}
		}
		return null;
	}

	private static String path(String copy, String subject) {
		return "/api/v1/operators/" + OPERATOR + "/subjects/" + name(copy, subject);
	}

	private static String name(String copy, String subject) {
		return subject + "-" + copy;
	}

	private static String version(String copy) {
		return "2021-03-18-" + copy;
	}

	private static void postAll(List<String> files, String copy) {
		for (String file : files) {
			assertThat(post(copy(file, copy)).status()).as(copy + " " + file).isEqualTo(200);
		}
	}

	private static RunningLedger.Response post(ObjectNode event) {
		return ledger.post("application/cloudevents+json", Map.of(), ExampleStory.JSON.writeValueAsBytes(event));
	}

	private static ProducerRecord<byte[], byte[]> record(ObjectNode event) {
		String key = event.path("data").path("operator").asString()
				+ (event.has("subject") ? ":" + event.path("subject").asString() : "");
		return new ProducerRecord<>(ledger.topic(), key.getBytes(StandardCharsets.UTF_8),
				ExampleStory.JSON.writeValueAsBytes(event));
	}

	/** One story file as the copy sends it: its own ids, subjects and policy version. */
	private static ObjectNode copy(String file, String copy) {
		ObjectNode event = ExampleStory.json(file);
		event.put("id", event.path("id").asString() + "-" + copy);
		if (event.has("subject")) {
			event.put("subject", name(copy, event.path("subject").asString()));
		}
		ObjectNode data = (ObjectNode) event.path("data");
		for (String field : List.of("version", "policyVersion")) {
			if ("2021-03-18".equals(data.path(field).asString(null))) {
				data.put(field, version(copy));
			}
		}
		return event;
	}

}
