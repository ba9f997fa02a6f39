package kz.consentledger.query.answer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import kz.consentledger.consent.ConsentFold;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.consent.PurposeConsent;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataDestroyed;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.DueDate;
import kz.consentledger.events.EventKind;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.events.ProcessingEnded;
import kz.consentledger.events.Recipient;
import kz.consentledger.events.SubjectErased;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.events.SubjectRequestAnswered;
import kz.consentledger.events.SubjectRequestReceived;
import kz.consentledger.privacy.FieldSealer;
import kz.consentledger.query.api.NotFoundException;
import kz.consentledger.query.store.LedgerEvents.ChainedEvent;
import kz.consentledger.replay.Instants;
import kz.consentledger.replay.PositionedEvent;
import kz.consentledger.replay.StoredPayloads;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an access answer says (Law 94-V Art. 24(1)(1), 25(2)(6), (7), (9)), made from a
 * subject's events and the policy versions they name, the events a bundle proves: the
 * purposes and categories as {@link ConsentFold} leaves them at the answer's time, the
 * systems and channels the events came from, the recipients named in consents and those
 * data were disclosed to, transfers outside Kazakhstan, retention, the opened sealed
 * fields and the request answered. Every item cites the ledger positions of the events it
 * comes from ({@code events}), which the verifier finds among the bundle's proven events.
 * Disclosure verdicts are the regulator's export's business, not the subject's answer's.
 */
final class AnswerContent {

	static final String KIND = "access-answer";

	private static final String HOME = "KZ";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AnswerTexts texts;

	private final Instant at;

	private final List<Read> events = new ArrayList<>();

	private AnswerContent(AnswerTexts texts, Instant at) {
		this.texts = texts;
		this.at = at;
	}

	/**
	 * The answer as of {@code at}, in the language of {@code texts}; {@code open} opens a
	 * sealed field (or says it was erased).
	 * @param requestRef the request answered; null: the newest unanswered access request,
	 * if any
	 */
	static ObjectNode of(String operator, String subject, List<ChainedEvent> stream, List<ChainedEvent> policies,
			Instant at, String requestRef, UnaryOperator<String> open, AnswerTexts texts) {
		AnswerContent content = new AnswerContent(texts, at);
		stream.forEach((event) -> content.events.add(Read.of(event)));
		ObjectNode answer = JSON.createObjectNode()
			.put("kind", KIND)
			.put("language", texts.language())
			.put("operator", operator)
			.put("subject", subject)
			.put("generatedAt", at.toString())
			.put("title", texts.get("title"));
		ConsentFold fold = ConsentFold.of(content.events.stream().map(Read::positioned).toList(), at, at);
		boolean processing = fold.purposes().values().stream().anyMatch((purpose) -> purpose.inForceAt(at));
		answer.put("processing", processing);
		answer.putArray("statements")
			.add(texts.get("intro", "date", LocalDate.ofInstant(at, Instants.KAZAKHSTAN).toString()))
			.add(texts.get(processing ? "processing" : "notProcessing"))
			.add(texts.get("rights"));
		answer.set("request", content.request(requestRef));
		answer.set("purposes", content.purposes(fold));
		answer.set("sources", content.sources());
		answer.set("recipients", content.recipients(fold));
		answer.set("crossBorderTransfers", content.crossBorder(fold));
		answer.set("retention", content.retention(fold, policies));
		answer.set("personalData", content.personalData(subject, open));
		return answer;
	}

	/** The request answered, or null when there is none to name. */
	private JsonNode request(String requestRef) {
		List<String> answered = this.events.stream()
			.filter((read) -> read.event() instanceof SubjectRequestAnswered)
			.map((read) -> ((SubjectRequestAnswered) read.event()).requestRef())
			.toList();
		SubjectRequestReceived chosen = null;
		Read cited = null;
		for (Read read : this.events) {
			if (read.event() instanceof SubjectRequestReceived received
					&& ((requestRef != null) ? received.requestRef().equals(requestRef)
							: "access".equals(received.kind()) && !answered.contains(received.requestRef()))) {
				chosen = received;
				cited = read;
			}
		}
		if (chosen == null) {
			if (requestRef != null) {
				throw new NotFoundException("request", "the subject made no request " + requestRef);
			}
			return JSON.nullNode();
		}
		if (!"access".equals(chosen.kind())) {
			throw new IllegalArgumentException(
					"request " + requestRef + " is a " + chosen.kind() + " request, not an access request");
		}
		ObjectNode request = JSON.createObjectNode()
			.put("requestRef", chosen.requestRef())
			.put("kind", chosen.kind())
			.put("channel", chosen.channel())
			.put("receivedAt", chosen.provenance().occurredAt().toString())
			.put("legalReference", chosen.legalReference());
		request.set("due", due(chosen.due()));
		cite(request, List.of(cited));
		return request;
	}

	private ArrayNode purposes(ConsentFold fold) {
		ArrayNode purposes = JSON.createArrayNode();
		for (PurposeConsent purpose : fold.purposes().values()) {
			ObjectNode node = purposes.addObject()
				.put("purpose", purpose.purpose())
				.put("status", purpose.statusAt(this.at))
				.put("policyVersion", purpose.policyVersion())
				.put("grantedAt", purpose.grantedAt().toString())
				.put("grantedBy", purpose.grantedByKind())
				.put("channel", purpose.channel());
			strings(node.putArray("dataCategories"), purpose.dataCategories());
			instant(node, "expiresAt", purpose.expiresAt());
			instant(node, "withdrawnAt", purpose.withdrawnAt());
			node.put("stopDueBy", (purpose.stopDueBy() != null) ? purpose.stopDueBy().toString() : null);
			if (purpose.pendingRefusal() != null) {
				node.putObject("withdrawalRefused")
					.put("requestedAt", purpose.pendingRefusal().requestedAt().toString())
					.put("reason", purpose.pendingRefusal().reason())
					.put("reference", purpose.pendingRefusal().reference());
			}
			cite(node, this.events.stream().filter((e) -> namesPurpose(e.event(), purpose.purpose())).toList());
		}
		return purposes;
	}

	private static boolean namesPurpose(SubjectEvent event, String purpose) {
		boolean consentEvent = event instanceof ConsentGranted || event instanceof ConsentWithdrawn
				|| event instanceof ConsentWithdrawalRefused;
		return consentEvent
				&& (ConsentFold.purposesNamed(event).contains(purpose) || ConsentFold.namesEveryPurpose(event));
	}

	/**
	 * The systems the events came from (CloudEvents source) and the subject's channels.
	 */
	private ArrayNode sources() {
		Map<String, List<Read>> bySource = new TreeMap<>();
		this.events
			.forEach((read) -> bySource.computeIfAbsent(read.event().provenance().source(), (s) -> new ArrayList<>())
				.add(read));
		ArrayNode sources = JSON.createArrayNode();
		bySource.forEach((source, reads) -> {
			ObjectNode node = sources.addObject().put("source", source);
			strings(node.putArray("channels"),
					reads.stream()
						.map((read) -> channel(read.event()))
						.filter(Objects::nonNull)
						.distinct()
						.sorted()
						.toList());
			strings(node.putArray("kinds"),
					reads.stream().map((read) -> EventKind.of(read.event()).id()).distinct().sorted().toList());
			cite(node, reads);
		});
		return sources;
	}

	private static String channel(SubjectEvent event) {
		if (event instanceof ConsentGranted granted) {
			return granted.channel();
		}
		if (event instanceof ConsentWithdrawn withdrawn) {
			return withdrawn.channel();
		}
		if (event instanceof ConsentWithdrawalRefused refused) {
			return refused.channel();
		}
		return (event instanceof SubjectRequestReceived request) ? request.channel() : null;
	}

	/** Recipients by id: those the consents name, and those data were disclosed to. */
	private ArrayNode recipients(ConsentFold fold) {
		Map<String, ObjectNode> byId = new TreeMap<>();
		for (PurposeConsent purpose : fold.purposes().values()) {
			for (Recipient recipient : purpose.recipients()) {
				((ArrayNode) recipient(byId, recipient).get("namedFor")).add(purpose.purpose());
			}
		}
		for (Read read : this.events) {
			if (read.event() instanceof DataShared shared) {
				ObjectNode disclosure = ((ArrayNode) recipient(byId, shared.recipient()).get("disclosures")).addObject()
					.put("at", shared.provenance().occurredAt().toString())
					.put("purpose", shared.purpose())
					.put("legalBasis", shared.legalBasis());
				strings(disclosure.putArray("dataCategories"), shared.dataCategories());
				cite(disclosure, List.of(read));
			}
		}
		ArrayNode recipients = JSON.createArrayNode();
		byId.values().forEach(recipients::add);
		return recipients;
	}

	private static ObjectNode recipient(Map<String, ObjectNode> byId, Recipient recipient) {
		ObjectNode node = byId.computeIfAbsent(recipient.id(), (id) -> {
			ObjectNode created = JSON.createObjectNode().put("id", id);
			created.putArray("namedFor");
			created.putArray("disclosures");
			return created;
		});
		// The latest name, kind and country the events give.
		return node.put("name", recipient.name())
			.put("kind", recipient.kind())
			.put("country", recipient.country())
			.put("crossBorder", !HOME.equals(recipient.country()));
	}

	/**
	 * Countries outside Kazakhstan: those a consent allows transfers to, and those of
	 * recipients named or disclosed to.
	 */
	private ArrayNode crossBorder(ConsentFold fold) {
		Map<String, ObjectNode> byCountry = new TreeMap<>();
		for (PurposeConsent purpose : fold.purposes().values()) {
			for (String country : purpose.crossBorderCountries()) {
				addTo(country(byCountry, country), "consentedFor", purpose.purpose());
			}
			purpose.recipients()
				.stream()
				.filter((r) -> !HOME.equals(r.country()))
				.forEach((r) -> addTo(country(byCountry, r.country()), "recipients", r.name()));
		}
		for (Read read : this.events) {
			if (read.event() instanceof DataShared shared && !HOME.equals(shared.recipient().country())) {
				ObjectNode country = country(byCountry, shared.recipient().country());
				addTo(country, "recipients", shared.recipient().name());
				country.put("disclosures", country.path("disclosures").asInt() + 1);
				((ArrayNode) country.get("events")).add(read.position());
			}
		}
		ArrayNode countries = JSON.createArrayNode();
		byCountry.values().forEach(countries::add);
		return countries;
	}

	private static ObjectNode country(Map<String, ObjectNode> byCountry, String code) {
		return byCountry.computeIfAbsent(code, (c) -> {
			ObjectNode node = JSON.createObjectNode().put("country", c).put("disclosures", 0);
			node.putArray("consentedFor");
			node.putArray("recipients");
			node.putArray("events");
			return node;
		});
	}

	private static void addTo(ObjectNode node, String array, String value) {
		ArrayNode values = (ArrayNode) node.get(array);
		if (values.valueStream().noneMatch((v) -> v.asString().equals(value))) {
			values.add(value);
		}
	}

	/**
	 * Each policy version's rule, the retention clocks started (processing ended) and
	 * what was destroyed.
	 */
	private ObjectNode retention(ConsentFold fold, List<ChainedEvent> policies) {
		ObjectNode retention = JSON.createObjectNode();
		ArrayNode rules = retention.putArray("policies");
		new TreeSet<>(fold.purposes().values().stream().map(PurposeConsent::policyVersion).toList())
			.forEach((version) -> {
				ObjectNode rule = rules.addObject().put("policyVersion", version);
				ChainedEvent published = policies.stream()
					.filter((p) -> StoredPayloads.read(p.stored()) instanceof PolicyVersionPublished v
							&& v.version().equals(version))
					.reduce((first, second) -> second)
					.orElse(null);
				PolicyTerms.Retention terms = (published != null)
						? PolicyTerms.of((PolicyVersionPublished) StoredPayloads.read(published.stored())).retention()
						: PolicyTerms.Retention.NONE;
				rule.put("yearsAfterAgreementEnd", terms.yearsAfterAgreementEnd());
				rule.put("untilPurposeReached", terms.untilPurposeReached());
				rule.put("rule", retentionRule(terms));
				ArrayNode cited = rule.putArray("events");
				if (published != null) {
					cited.add(position(published));
				}
			});
		ArrayNode ended = retention.putArray("processingEnded");
		ArrayNode destroyed = retention.putArray("destructions");
		for (Read read : this.events) {
			if (read.event() instanceof ProcessingEnded end) {
				ObjectNode node = ended.addObject()
					.put("at", end.provenance().occurredAt().toString())
					.put("reason", end.reason())
					.put("policyVersion", end.policyVersion())
					.put("retentionRule", end.retentionRule());
				strings(node.putArray("purposes"), end.purposes());
				node.set("destroyBy", due(end.destroyBy()));
				cite(node, List.of(read));
			}
			else if (read.event() instanceof DataDestroyed done) {
				ObjectNode node = destroyed.addObject()
					.put("at", done.provenance().occurredAt().toString())
					.put("trigger", done.trigger())
					.put("outcome", done.outcome())
					.put("hold", done.hold());
				strings(node.putArray("dataCategories"), done.dataCategories());
				cite(node, List.of(read));
			}
		}
		return retention;
	}

	private String retentionRule(PolicyTerms.Retention terms) {
		if (terms.yearsAfterAgreementEnd() != null) {
			return this.texts.get("yearsAfterAgreement", "n", this.texts.years(terms.yearsAfterAgreementEnd()));
		}
		return this.texts.get(terms.untilPurposeReached() ? "untilPurposeReached" : "noRetentionRule");
	}

	/**
	 * The subject's pseudonymous id and every sealed field of their events, opened (or
	 * {@code [erased]} once the key is destroyed), with the erasures.
	 */
	private ObjectNode personalData(String subject, UnaryOperator<String> open) {
		ObjectNode personal = JSON.createObjectNode().put("subject", subject);
		ArrayNode fields = personal.putArray("fields");
		ArrayNode erasures = personal.putArray("erasures");
		for (Read read : this.events) {
			Map<String, String> sealed = new LinkedHashMap<>();
			sealedFields(JSON.readTree(read.chained().stored().payload()), "", sealed);
			sealed.forEach((path, value) -> {
				ObjectNode field = fields.addObject()
					.put("field", path)
					.put("value", open.apply(value))
					.put("recordedAt", read.event().provenance().occurredAt().toString())
					.put("kind", EventKind.of(read.event()).id());
				cite(field, List.of(read));
			});
			if (read.event() instanceof SubjectErased erased) {
				ObjectNode erasure = erasures.addObject().put("at", erased.provenance().occurredAt().toString());
				strings(erasure.putArray("fields"), erased.fields());
				cite(erasure, List.of(read));
			}
		}
		return personal;
	}

	private static void sealedFields(JsonNode node, String path, Map<String, String> sealed) {
		if (node.isString() && FieldSealer.isSealed(node.asString())) {
			sealed.put(path, node.asString());
		}
		else if (node.isObject()) {
			node.properties()
				.forEach((field) -> sealedFields(field.getValue(),
						path.isEmpty() ? field.getKey() : path + "." + field.getKey(), sealed));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				sealedFields(node.get(i), path + "[" + i + "]", sealed);
			}
		}
	}

	private static JsonNode due(DueDate due) {
		if (due == null) {
			return JSON.nullNode();
		}
		return JSON.createObjectNode()
			.put("date", due.date().toString())
			.put("calendar", due.calendar())
			.put("provisional", due.provisional());
	}

	private static void cite(ObjectNode node, List<Read> reads) {
		ArrayNode events = node.putArray("events");
		reads.stream().map(Read::position).sorted(Comparator.naturalOrder()).forEach(events::add);
	}

	private static void instant(ObjectNode node, String name, Instant instant) {
		node.put(name, (instant != null) ? instant.toString() : null);
	}

	private static void strings(ArrayNode array, List<String> values) {
		values.forEach(array::add);
	}

	private static long position(ChainedEvent event) {
		return (event.position() != null) ? event.position() : -1;
	}

	/** A stored event read once, at its ledger position. */
	private record Read(ChainedEvent chained, SubjectEvent event) {

		static Read of(ChainedEvent chained) {
			return new Read(chained, StoredPayloads.readSubjectEvent(chained.stored()));
		}

		long position() {
			return AnswerContent.position(this.chained);
		}

		PositionedEvent positioned() {
			return new PositionedEvent(position(), this.event);
		}

	}

}
