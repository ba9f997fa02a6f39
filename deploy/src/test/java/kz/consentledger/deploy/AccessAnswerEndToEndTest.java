package kz.consentledger.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import kz.consentledger.proof.Hashes;
import kz.consentledger.verifier.BundleVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The answer to a subject's access request (docs/access-answer.md), on a ledger that
 * received the contract's story over HTTP (grants, a withdrawal, a refused withdrawal, a
 * disclosure to Germany) and two hostile events: a disclosure to a recipient whose name
 * is a script, and a representative's grant whose (sealed) name is markup. Each language
 * names what the law asks; the document verifies offline as a bundle and fails when a
 * byte changes; another operator's DPO is refused; the HTML escapes what the events say.
 * A second subject's consents stay in force by the one rule, but their agreement ended,
 * all their data was destroyed and they were erased: the answer says so with dates.
 */
class AccessAnswerEndToEndTest {

	private static final String PATH = "/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/"
			+ ExampleStory.SUBJECT + "/access-answer";

	private static final String ENDED = "answer-ended-1";

	private static final String ENDED_PATH = PATH.replace(ExampleStory.SUBJECT, ENDED);

	/** Published for the ended subject: data stored in Germany. */
	private static final String ABROAD = "2026-12-05";

	private static final String SCRIPT_RECIPIENT = "<script>alert('answer')</script> LLP";

	private static final String MARKUP_NAME = "<img src=x onerror=alert(1)> Parent";

	private static final Map<String, String> DPO = Map.of("Authorization",
			RunningLedger.basic("dpo-kinoqazaqsha", "dpo-demo"));

	private static RunningLedger ledger;

	@BeforeAll
	static void start() {
		ledger = RunningLedger.start("access_answer");
		ArrayNode batch = ExampleStory.JSON.createArrayNode();
		ExampleStory.firstEight().forEach((file) -> batch.add(ExampleStory.json(file)));
		ObjectNode hostileDisclosure = ExampleStory.json("data-shared-violation.json");
		hostileDisclosure.put("id", "answer-hostile-disclosure");
		((ObjectNode) hostileDisclosure.path("data")).putObject("recipient")
			.put("id", "hostile-recipient")
			.put("name", SCRIPT_RECIPIENT)
			.put("kind", "processor")
			.put("country", "RU");
		batch.add(hostileDisclosure);
		ObjectNode representative = ExampleStory.json("granted-by-representative.json");
		representative.put("id", "answer-hostile-representative");
		representative.put("subject", ExampleStory.SUBJECT);
		((ObjectNode) representative.path("data")).putArray("purposes").add("support-requests");
		((ObjectNode) representative.path("data").path("grantedBy")).put("name", MARKUP_NAME);
		batch.add(representative);
		endedStory().forEach(batch::add);
		RunningLedger.Response posted = ledger.post("application/cloudevents-batch+json", Map.of(),
				ExampleStory.JSON.writeValueAsBytes(batch));
		assertThat(posted.status()).as(posted.text()).isEqualTo(200);
		Map<String, String> erasure = new java.util.HashMap<>(DPO);
		erasure.put("Content-Type", "application/json");
		RunningLedger.Response erased = ledger.send("POST",
				ledger.commandUrl() + "/api/v1/operators/" + ExampleStory.OPERATOR + "/subjects/" + ENDED + "/erasure",
				erasure,
				"{\"reason\":\"the subject asked\",\"requestedBy\":\"subject\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(erased.status()).as(erased.text()).isEqualTo(200);
		// The answer needs a checkpoint holding every event of the subject: before the
		// first one the export answers 503.
		await().atMost(Duration.ofSeconds(60)).ignoreException(IllegalStateException.class).untilAsserted(() -> {
			JsonNode document = ExampleStory.JSON.readTree(ledger.getBytes(PATH + "?lang=en", DPO));
			assertThat(document.path("events").size()).isGreaterThanOrEqualTo(8)
				.isEqualTo(document.path("streamHead").path("length").asInt());
			assertThat(document.path("events").valueStream().allMatch((e) -> e.path("inclusionProof").isArray()))
				.isTrue();
			JsonNode ended = ExampleStory.JSON.readTree(ledger.getBytes(ENDED_PATH + "?lang=en", DPO));
			assertThat(ended.path("answer").path("personalData").path("erasures").size()).isEqualTo(1);
			assertThat(ended.path("events").valueStream().allMatch((e) -> e.path("inclusionProof").isArray())).isTrue();
		});
	}

	/**
	 * A policy storing data in Germany; grants under it and under a version never
	 * published; then the agreement ended and all the data destroyed (by a named
	 * steward).
	 */
	private static List<ObjectNode> endedStory() {
		ObjectNode policy = ExampleStory.json("policy-published.json").put("id", "answer-policy-abroad");
		policy.put("time", ABROAD + "T09:00:00+05:00");
		((ObjectNode) policy.path("data")).put("version", ABROAD)
			.put("effectiveAt", ABROAD + "T09:00:00+05:00")
			.put("storageCountry", "DE");
		ObjectNode abroad = ended("granted.json", "answer-ended-grant", "2026-12-05T10:00:00+05:00");
		((ObjectNode) abroad.path("data")).put("policyVersion", ABROAD).putArray("purposes").add("service-provision");
		ObjectNode unknown = ended("granted.json", "answer-ended-grant-unknown", "2026-12-05T11:00:00+05:00");
		((ObjectNode) unknown.path("data")).put("policyVersion", "1999-01-01")
			.putArray("purposes")
			.add("notifications");
		ObjectNode agreement = ended("agreement-ended.json", "answer-ended-agreement", "2026-12-06T10:00:00+05:00");
		((ObjectNode) agreement.path("data")).put("policyVersion", ABROAD);
		ObjectNode destroyed = ended("destruction-done.json", "answer-ended-destroyed", "2026-12-06T12:00:00+05:00");
		((ObjectNode) destroyed.path("data")).put("trigger", "agreement-ended")
			.put("performedBy", "Aigerim, data steward")
			.remove(List.of("dataCategories", "dueEventId"));
		return List.of(policy, abroad, unknown, agreement, destroyed);
	}

	private static ObjectNode ended(String file, String id, String time) {
		return ExampleStory.json(file).put("id", id).put("subject", ENDED).put("time", time);
	}

	@AfterAll
	static void stop() {
		ledger.close();
	}

	@Test
	void eachLanguageNamesPurposesSourcesRecipientsTransfersRetentionAndPersonalData() {
		Map<String, List<String>> expected = Map.of("kk",
				List.of("Дербес деректер субъектісінің ақпарат беру туралы сұрауына жауап", "24-бабы 1-тармағының 1)",
						"Оператор сіздің дербес деректеріңізді өңдейді.",
						"пайдаланушы келісімі тоқтатылғаннан кейін 3 жыл"),
				"ru",
				List.of("Ответ на запрос субъекта персональных данных о предоставлении сведений",
						"подпунктом 1) пункта 1 статьи 24", "Оператор обрабатывает ваши персональные данные.",
						"3 года после прекращения пользовательского соглашения"),
				"en", List.of("Answer to the personal data subject's request for information", "Article 24(1)(1)",
						"The operator processes your personal data.", "3 years after the user agreement ends"));
		expected.forEach((language, texts) -> {
			RunningLedger.Response response = ledger.get(PATH + "?lang=" + language, DPO);
			assertThat(response.status()).as(response.text()).isEqualTo(200);
			JsonNode answer = response.body().path("answer");
			assertThat(response.body().path("profile").asString()).isEqualTo("kz.consentledger.access-answer/v1");
			assertThat(answer.path("language").asString()).isEqualTo(language);
			assertThat(answer.path("title").asString()).isEqualTo(texts.get(0));
			assertThat(answer.path("statements").get(0).asString()).contains(texts.get(1)).contains("94-V");
			assertThat(answer.path("statements").get(1).asString()).isEqualTo(texts.get(2));
			assertThat(answer.path("processing").asBoolean()).isTrue();
			assertThat(answer.path("retention").path("policies").get(0).path("rule").asString())
				.isEqualTo(texts.get(3));
			assertThat(answer.path("request").isNull()).isTrue();
			assertFacts(answer);
			// The digest the DPO records: the header, the document's member, and the
			// SHA-256 of the answer's canonical JSON agree.
			String digest = "sha256:" + Hashes.hex(Hashes.sha256(Hashes.canonical(answer)));
			assertThat(response.body().path("answerDigest").asString()).isEqualTo(digest);
		});
	}

	/** What every language's document says in the same words: the facts. */
	private static void assertFacts(JsonNode answer) {
		JsonNode marketing = find(answer.path("purposes"), "purpose", "marketing");
		assertThat(marketing.path("status").asString()).isEqualTo("withdrawn");
		assertThat(marketing.path("withdrawnAt").asString()).isEqualTo("2026-11-01T04:12:44Z");
		assertThat(marketing.path("stopDueBy").asString()).isEqualTo("2026-11-20");
		assertThat(marketing.path("grantedAt").asString()).isEqualTo("2026-10-02T09:31:07Z");
		assertThat(marketing.path("policyVersion").asString()).isEqualTo("2021-03-18");
		assertThat(strings(marketing.path("dataCategories"))).containsExactly("email", "phone", "ip-address",
				"cookies");
		JsonNode service = find(answer.path("purposes"), "purpose", "service-provision");
		assertThat(service.path("status").asString()).isEqualTo("active");
		assertThat(service.path("withdrawalRefused").path("reason").asString()).isEqualTo("unfulfilled-obligation");
		JsonNode support = find(answer.path("purposes"), "purpose", "support-requests");
		assertThat(support.path("grantedBy").asString()).isEqualTo("legal-representative");
		assertThat(strings(find(answer.path("sources"), "source", "//kinoqazaqsha.kz/web").path("channels")))
			.containsExactly("web-form");
		assertThat(strings(find(answer.path("sources"), "source", "//kinoqazaqsha.kz/support").path("channels")))
			.containsExactly("written-electronic", "written-paper");
		JsonNode ibro = find(answer.path("recipients"), "id", "ibro-films-group");
		assertThat(strings(ibro.path("namedFor"))).containsExactlyInAnyOrder("service-provision", "notifications",
				"marketing");
		assertThat(ibro.path("disclosures").get(0).path("purpose").asString()).isEqualTo("notifications");
		JsonNode adnet = find(answer.path("recipients"), "id", "adnet-eu");
		assertThat(adnet.path("country").asString()).isEqualTo("DE");
		assertThat(adnet.path("crossBorder").asBoolean()).isTrue();
		assertThat(strings(adnet.path("disclosures").get(0).path("dataCategories"))).containsExactly("email",
				"device-info");
		assertThat(find(answer.path("recipients"), "id", "kz-law-enforcement").path("disclosures")
			.get(0)
			.path("legalBasis")
			.asString()).isEqualTo("state-request");
		JsonNode germany = find(answer.path("crossBorderTransfers"), "country", "DE");
		assertThat(strings(germany.path("recipients"))).containsExactly("Advertising network");
		assertThat(germany.path("disclosures").asInt()).isEqualTo(1);
		assertThat(strings(find(answer.path("crossBorderTransfers"), "country", "RU").path("recipients")))
			.containsExactly(SCRIPT_RECIPIENT);
		JsonNode personal = answer.path("personalData");
		assertThat(personal.path("subject").asString()).isEqualTo(ExampleStory.SUBJECT);
		assertThat(find(personal.path("fields"), "field", "evidence.ipAddress").path("value").asString())
			.isEqualTo("203.0.113.24");
		assertThat(find(personal.path("fields"), "field", "applicationRef").path("value").asString())
			.isEqualTo("app-2026-11-01-0007");
		assertThat(find(personal.path("fields"), "field", "refusal.detail").path("value").asString())
			.isEqualTo("Unpaid subscription period until 2026-11-30");
		assertThat(find(personal.path("fields"), "field", "grantedBy.name").path("value").asString())
			.isEqualTo(MARKUP_NAME);
	}

	@Test
	void afterTheAgreementEndedTheDataWasDestroyedAndTheSubjectErasedTheAnswerSaysSo() {
		byte[] document = ledger.getBytes(ENDED_PATH + "?lang=en", DPO);
		assertThat(ExportTrust.verify(ledger, document).failures()).isEmpty();
		JsonNode answer = ExampleStory.JSON.readTree(document).path("answer");
		// Both consents are in force by the one rule; what followed them ended
		// processing.
		assertThat(answer.path("processing").asBoolean()).isFalse();
		assertThat(answer.path("statements").get(1).asString())
			.startsWith("In the ledger your consent is neither withdrawn nor expired")
			.contains("2026-12-06: processing ended (the user agreement ended); 2026-12-06: your data were destroyed; ",
					": your personal data in the ledger were erased (the key destroyed).");
		JsonNode service = find(answer.path("purposes"), "purpose", "service-provision");
		assertThat(service.path("status").asString()).isEqualTo("active");
		assertThat(service.path("endedSince").valueStream().map((e) -> e.path("kind").asString()))
			.containsExactly("processing-ended", "data-destroyed", "subject-erased");
		JsonNode retention = answer.path("retention");
		assertThat(retention.path("processingEnded").get(0).path("reason").asString()).isEqualTo("agreement-ended");
		assertThat(retention.path("processingEnded").get(0).path("destroyBy").path("date").asString())
			.startsWith("2029-12");
		assertThat(retention.path("destructions").get(0).path("outcome").asString()).isEqualTo("destroyed");
		assertThat(answer.path("personalData").path("erasures").get(0).path("fields").size()).isPositive();
		// A version the ledger does not hold has no known rule.
		JsonNode unknown = find(retention.path("policies"), "policyVersion", "1999-01-01");
		assertThat(unknown.path("known").asBoolean()).isFalse();
		assertThat(unknown.path("rule").asString()).isEqualTo("unknown: the ledger does not hold this policy version");
		// Storage abroad is a cross-border transfer.
		assertThat(strings(find(answer.path("crossBorderTransfers"), "country", "DE").path("storedUnder")))
			.containsExactly(ABROAD);
		// Where the data came from, not the ledger's own erasure command.
		assertThat(answer.path("sources").valueStream().map((s) -> s.path("source").asString()))
			.containsExactly("//kinoqazaqsha.kz/billing", "//kinoqazaqsha.kz/support", "//kinoqazaqsha.kz/web");
		// The subject's own fields, erased; not the steward who destroyed the data.
		assertThat(answer.path("personalData").path("fields").valueStream().map((f) -> f.path("field").asString()))
			.contains("evidence.ipAddress")
			.doesNotContain("performedBy");
		assertThat(answer.path("personalData").path("fields").valueStream().map((f) -> f.path("value").asString()))
			.containsOnly("[erased]");
		assertThat(ledger.get(ENDED_PATH + "?lang=ru&format=html", DPO).text())
			.contains("неизвестно: этой версии политики в реестре нет", "обработка прекращена", "Германия (DE)");
	}

	@Test
	void theDocumentVerifiesOfflineAndFailsWhenAByteChanges() {
		byte[] document = ledger.getBytes(PATH + "?lang=ru", DPO);
		BundleVerification honest = ExportTrust.verify(ledger, document);
		assertThat(honest.failures()).isEmpty();
		assertThat(honest.verified()).isTrue();
		assertThat(honest.passed()).anySatisfy((line) -> assertThat(line).startsWith("the access answer (ru) matches"))
			.anySatisfy((line) -> assertThat(line).endsWith("the bundle holds all of them, each proven included"));

		String text = new String(document, StandardCharsets.UTF_8);
		assertThat(text).contains("\"Advertising network\"");
		byte[] changed = text.replace("\"Advertising network\"", "\"Advertising netwurk\"")
			.getBytes(StandardCharsets.UTF_8);
		BundleVerification tampered = ExportTrust.verify(ledger, changed);
		assertThat(tampered.verified()).isFalse();
		assertThat(tampered.failures()).contains(
				"the bundle signature does not verify with any trusted ledger key: the bundle was altered or not"
						+ " signed by this ledger",
				"the access answer does not match its digest \""
						+ ExampleStory.JSON.readTree(document).path("answerDigest").asString() + "\"");
	}

	@Test
	void theHtmlIsReadableAndEscapesWhatTheEventsSay() {
		for (Map<String, String> ask : List.of(Map.of("query", "&format=html"), Map.of("Accept", "text/html"))) {
			Map<String, String> headers = new java.util.HashMap<>(DPO);
			if (ask.containsKey("Accept")) {
				headers.put("Accept", ask.get("Accept"));
			}
			RunningLedger.Response response = ledger.get(PATH + "?lang=ru" + ask.getOrDefault("query", ""), headers);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.contentType()).startsWith("text/html");
			String html = response.text();
			assertThat(html).contains("<html lang=\"ru\">",
					"Ответ на запрос субъекта персональных данных о предоставлении сведений",
					"Трансграничная передача данных", "Германия (DE)", "отозвано", "2026-11-20", "203.0.113.24",
					"3 года после прекращения пользовательского соглашения", "Сведения предоставляются бесплатно",
					"sha256:");
			assertThat(html).contains("&lt;script&gt;alert(&#39;answer&#39;)&lt;/script&gt; LLP")
				.contains("&lt;img src=x onerror=alert(1)&gt; Parent")
				.doesNotContain("<script", "<img");
		}
		String kazakh = ledger.get(PATH + "?lang=kk&format=html", DPO).text();
		assertThat(kazakh).contains("Деректерді трансшекаралық беру", "кері қайтарылды", "Мәліметтер тегін беріледі");
	}

	@Test
	void anotherOperatorsDpoIsRefusedAndEveryAnswerIsAudited() {
		RunningLedger.Response foreign = ledger.get(PATH + "?lang=ru",
				Map.of("Authorization", RunningLedger.basic("dpo-ipsm", "dpo-demo")));
		assertThat(foreign.status()).isEqualTo(403);
		assertThat(foreign.body().path("detail").asString()).contains("dpo-ipsm");
		RunningLedger.Response admin = ledger.get(PATH + "?lang=ru",
				Map.of("Authorization", RunningLedger.basic("admin", "admin-demo")));
		assertThat(admin.status()).isEqualTo(403);
		assertThat(ledger
			.get(PATH + "?lang=ru", Map.of("Authorization", RunningLedger.basic("regulator", "regulator-demo")))
			.status()).isEqualTo(200);
		assertThat(ledger.get(PATH + "?lang=ru", Map.of("X-Access-Reason", "request REQ-7")).status()).isEqualTo(200);
		assertThat(ledger.jdbc()
			.queryForList("SELECT actor || ' ' || outcome FROM query.access_audit WHERE action = 'access-answer'",
					String.class))
			.contains("dpo-kinoqazaqsha answered", "dpo-ipsm refused 403", "regulator answered");
		assertThat(ledger.jdbc()
			.queryForObject("SELECT count(*) FROM query.access_audit WHERE action = 'access-answer' AND reason = ?",
					Long.class, "request REQ-7"))
			.isEqualTo(1);
	}

	@Test
	void badInputIsAProblemNamingIt() {
		assertProblem(ledger.get(PATH + "?lang=de", DPO), 400, "lang must be kk, ru or en");
		assertProblem(ledger.get(PATH + "?lang=ru&format=pdf", DPO), 400, "format must be json or html");
		assertProblem(ledger.get(PATH + "?lang=ru&requestRef=REQ-none", DPO), 404, "REQ-none");
		assertProblem(ledger.get(PATH.replace(ExampleStory.SUBJECT, "nobody") + "?lang=ru", DPO), 404, "nobody");
		assertThat(ledger.get(PATH, DPO).status()).isEqualTo(400);
	}

	private static void assertProblem(RunningLedger.Response response, int status, String detail) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().path("detail").asString()).contains(detail);
	}

	private static JsonNode find(JsonNode array, String field, String value) {
		return array.valueStream()
			.filter((node) -> node.path(field).asString("").equals(value))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + field + " " + value + " in " + array));
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
