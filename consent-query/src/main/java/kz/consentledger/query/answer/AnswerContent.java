package kz.consentledger.query.answer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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

	/** The CloudEvents sources of the events the ledger writes itself. */
	private static final String LEDGER_SOURCES = "urn:consent-ledger:";

	/**
	 * The sealed fields that are the subject's own, by the event holding them: what they
	 * or their representative gave, and what the operator wrote them about a refusal. Not
	 * the operator's staff (a destruction's performedBy).
	 */
	private static final Map<Class<?>, List<String>> SUBJECTS = Map.of(ConsentGranted.class,
			List.of("grantedBy.name", "grantedBy.documentRef", "evidence.ipAddress", "evidence.userAgent",
					"evidence.documentRef"),
			ConsentWithdrawn.class, List.of("applicationRef"), ConsentWithdrawalRefused.class,
			List.of("applicationRef", "refusal.detail"), SubjectRequestAnswered.class, List.of("reason"));

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
		List<PurposeConsent> inForce = fold.purposes().values().stream().filter((p) -> p.inForceAt(at)).toList();
		boolean processing = inForce.stream().anyMatch((purpose) -> content.endedSince(purpose).isEmpty());
		answer.put("processing", processing);
		answer.putArray("statements")
			.add(texts.get("intro", "date", day(at)))
			.add(content.processingStatement(processing, inForce))
			.add(texts.get("rights"));
		Map<String, Published> published = published(policies, fold);
		answer.set("request", content.request(requestRef));
		answer.set("purposes", content.purposes(fold));
		answer.set("sources", content.sources());
		answer.set("recipients", content.recipients(fold));
		answer.set("crossBorderTransfers", content.crossBorder(fold, published));
		answer.set("retention", content.retention(published, fold));
		answer.set("personalData", content.personalData(subject, open));
		return answer;
	}

	/**
	 * Processing, when a purpose's consent is in force and nothing since ended it; no
	 * consent in force; or consents in force (by the one rule, which ignores what
	 * follows) and the facts recorded since that ended processing, with their dates.
	 */
	private String processingStatement(boolean processing, List<PurposeConsent> inForce) {
		if (processing || inForce.isEmpty()) {
			return this.texts.get(processing ? "processing" : "notProcessing");
		}
		String facts = String.join("; ",
				inForce.stream()
					.flatMap((purpose) -> endedSince(purpose).stream())
					.distinct()
					.sorted(Comparator.comparingLong(Read::position))
					.map((read) -> day(read.event().provenance().occurredAt()) + ": " + fact(read.event()))
					.toList());
		return this.texts.get("consentEnded", "facts", facts);
	}

	/**
	 * The facts recorded after a purpose's consent was given, up to the answer's time,
	 * that end its processing: its processing ended, all the data destroyed or
	 * depersonalised, the subject erased. The contract's empty purposes and categories
	 * mean all.
	 */
	private List<Read> endedSince(PurposeConsent purpose) {
		return this.events.stream().filter((read) -> {
			Instant when = read.event().provenance().occurredAt();
			return when.isAfter(purpose.grantedAt()) && !when.isAfter(this.at) && ends(read.event(), purpose.purpose());
		}).toList();
	}

	private static boolean ends(SubjectEvent event, String purpose) {
		if (event instanceof ProcessingEnded end) {
			return all(end.purposes()) || end.purposes().contains(purpose);
		}
		if (event instanceof DataDestroyed done) {
			return !"held".equals(done.outcome()) && all(done.dataCategories());
		}
		return event instanceof SubjectErased;
	}

	private static boolean all(List<String> named) {
		return named == null || named.isEmpty();
	}

	/** A fact that ended processing, in words. */
	private String fact(SubjectEvent event) {
		if (event instanceof ProcessingEnded end) {
			return this.texts.get("since.processing-ended", "reason", this.texts.get(end.reason()));
		}
		return this.texts.get((event instanceof DataDestroyed done) ? "since." + done.outcome() : "since.erased");
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
			ArrayNode since = node.putArray("endedSince");
			endedSince(purpose).forEach((read) -> cite(since.addObject()
				.put("at", read.event().provenance().occurredAt().toString())
				.put("kind", EventKind.of(read.event()).id())
				.put("text", fact(read.event())), List.of(read)));
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
	 * The systems the data came from (CloudEvents source) and the subject's channels; not
	 * the ledger's own sources (its judgments, the DPO's and erasure commands).
	 */
	private ArrayNode sources() {
		Map<String, List<Read>> bySource = new TreeMap<>();
		this.events.stream()
			.filter((read) -> !read.event().provenance().source().startsWith(LEDGER_SOURCES))
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
	 * Countries outside Kazakhstan: those a consent allows transfers to, those of
	 * recipients named or disclosed to, and those a policy version stores the data in
	 * (storage abroad is a transfer, domain rule 4).
	 */
	private ArrayNode crossBorder(ConsentFold fold, Map<String, Published> published) {
		Map<String, ObjectNode> byCountry = new TreeMap<>();
		published.forEach((version, policy) -> {
			String storage = (policy != null) ? policy.version().storageCountry() : null;
			if (storage != null && !HOME.equals(storage)) {
				ObjectNode country = country(byCountry, storage);
				addTo(country, "storedUnder", version);
				((ArrayNode) country.get("events")).add(policy.position());
			}
		});
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
			node.putArray("storedUnder");
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
	 * Each policy version's rule (unknown when the ledger does not hold the version), the
	 * retention clocks started (processing ended) and what was destroyed.
	 */
	private ObjectNode retention(Map<String, Published> published, ConsentFold fold) {
		ObjectNode retention = JSON.createObjectNode();
		ArrayNode rules = retention.putArray("policies");
		published.forEach((version, policy) -> {
			ObjectNode rule = rules.addObject().put("policyVersion", version).put("known", policy != null);
			ArrayNode cited = JSON.createArrayNode();
			if (policy == null) {
				rule.putNull("yearsAfterAgreementEnd").putNull("untilPurposeReached");
				rule.put("rule", this.texts.get("policyUnknown"));
			}
			else {
				PolicyTerms.Retention terms = PolicyTerms.of(policy.version()).retention();
				rule.put("yearsAfterAgreementEnd", terms.yearsAfterAgreementEnd());
				rule.put("untilPurposeReached", terms.untilPurposeReached());
				rule.put("rule", retentionRule(terms));
				cited.add(policy.position());
			}
			rule.set("events", cited);
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
				// A policy version published after the end is judged again: its date is
				// the
				// latest judgment's (ADR 0023).
				fold.judgmentOf(end.provenance())
					.filter((judgment) -> judgment.revisedBy() != null && judgment.stopDueBy() != null)
					.ifPresent((judgment) -> node
						.put("retentionRule",
								judgment.reasons().isEmpty() ? end.retentionRule() : judgment.reasons().get(0))
						.set("destroyBy",
								JSON.createObjectNode()
									.put("date", judgment.stopDueBy().toString())
									.put("judgedAgainAt", judgment.revisedBy().receivedAt().toString())));
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
	 * The subject's pseudonymous id and the subject's own sealed fields
	 * ({@link #SUBJECTS}), opened (or {@code [erased]} once the key is destroyed), with
	 * the erasures.
	 */
	private ObjectNode personalData(String subject, UnaryOperator<String> open) {
		ObjectNode personal = JSON.createObjectNode().put("subject", subject);
		ArrayNode fields = personal.putArray("fields");
		ArrayNode erasures = personal.putArray("erasures");
		for (Read read : this.events) {
			JsonNode payload = JSON.readTree(read.chained().stored().payload());
			for (String path : SUBJECTS.getOrDefault(read.event().getClass(), List.of())) {
				String value = payload.at("/" + path.replace('.', '/')).asString(null);
				if (FieldSealer.isSealed(value) || FieldSealer.ERASED.equals(value)) {
					cite(fields.addObject()
						.put("field", path)
						.put("value", open.apply(value))
						.put("recordedAt", read.event().provenance().occurredAt().toString())
						.put("kind", EventKind.of(read.event()).id()), List.of(read));
				}
			}
			if (read.event() instanceof SubjectErased erased) {
				ObjectNode erasure = erasures.addObject().put("at", erased.provenance().occurredAt().toString());
				strings(erasure.putArray("fields"), erased.fields());
				cite(erasure, List.of(read));
			}
		}
		return personal;
	}

	/**
	 * The policy versions the purposes name, each with its published version, or null
	 * when the ledger does not hold it.
	 */
	private static Map<String, Published> published(List<ChainedEvent> policies, ConsentFold fold) {
		Map<String, Published> held = new TreeMap<>();
		for (ChainedEvent policy : policies) {
			if (StoredPayloads.read(policy.stored()) instanceof PolicyVersionPublished version) {
				held.put(version.version(), new Published(position(policy), version));
			}
		}
		Map<String, Published> named = new TreeMap<>();
		fold.purposes()
			.values()
			.stream()
			.map(PurposeConsent::policyVersion)
			.filter(Objects::nonNull)
			.forEach((version) -> named.put(version, held.get(version)));
		return named;
	}

	/** The day in Kazakhstan of an instant. */
	private static String day(Instant instant) {
		return LocalDate.ofInstant(instant, Instants.KAZAKHSTAN).toString();
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

	/** A policy version the ledger holds, at its ledger position. */
	private record Published(long position, PolicyVersionPublished version) {

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
