package kz.consentledger.query.export;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.consent.ConsentFold;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.EventKind;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.events.SubjectErased;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.proof.Hashes;
import kz.consentledger.replay.ConsentReplay;
import kz.consentledger.replay.ConsentState;
import kz.consentledger.replay.PositionedEvent;
import kz.consentledger.replay.StoredPayloads;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The human-readable rendering of a bundle: the subject's consent at export time, every
 * event in order with its hash and, for a disclosure, its latest verdict (the bundle's
 * events folded by {@link ConsentFold}; a revised one shows both), the checkpoints, and
 * how to verify the JSON bundle. Events are labelled by their {@link EventKind}.
 * Self-contained HTML (no scripts, no external resources) that prints on A4.
 */
@Component
class BundleHtml {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The languages of the rendering; labels are in {@link #LABELS}. */
	enum Language {

		KK, RU, EN;

		static Language of(String code) {
			for (Language language : values()) {
				if (language.name().equalsIgnoreCase(code)) {
					return language;
				}
			}
			throw new IllegalArgumentException("lang must be kk, ru or en, not " + code);
		}

		String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private static final Map<String, String[]> LABELS = Map.ofEntries(
			label("title", "Келісімдер тізілімінен үзінді", "Выписка из реестра согласий", "Consent ledger export"),
			label("operator", "Оператор (БСН)", "Оператор (БИН)", "Operator (BIN)"),
			label("subject", "Субъект (бүркеншік идентификатор)", "Субъект (псевдоним)", "Subject (pseudonymous id)"),
			label("period", "Кезең", "Период", "Period"),
			label("exportedAt", "Үзінді жасалған уақыт", "Время выписки", "Exported at"),
			label("exportedFor", "Сұрау салушы және негіздеме", "Запросивший и основание", "Requested by, reason"),
			label("state", "Үзінді жасалған сәттегі келісім", "Согласие на момент выписки",
					"Consent at the time of export"),
			label("purpose", "Мақсат", "Цель", "Purpose"), label("status", "Күйі", "Статус", "Status"),
			label("since", "Қашаннан бері", "С какого времени", "Since"),
			label("categories", "Дербес деректер санаттары", "Категории персональных данных", "Data categories"),
			label("policyVersion", "Саясат нұсқасы", "Версия политики", "Policy version"),
			label("stopDueBy", "Өңдеуді тоқтату мерзімі", "Срок прекращения обработки", "Processing to stop by"),
			label("events", "Оқиғалар (тізілім ретімен)", "События (в порядке реестра)", "Events (in ledger order)"),
			label("position", "Орны", "Позиция", "Position"),
			label("occurredAt", "Болған уақыты", "Время события", "Occurred at"),
			label("receivedAt", "Тізілімге түскен уақыты", "Время поступления в реестр", "Received by the ledger"),
			label("event", "Оқиға", "Событие", "Event"), label("details", "Мәліметтер", "Сведения", "Details"),
			label("eventHash", "Оқиға хэші (SHA-256)", "Хэш события (SHA-256)", "Event hash (SHA-256)"),
			label("checkpoint", "Бақылау нүктесі", "Контрольная точка", "Checkpoint"),
			label("policies", "Сілтеме жасалған саясат нұсқалары", "Упомянутые версии политики",
					"Policy versions referred to"),
			label("checkpoints", "Қол қойылған және куәгерлер растаған бақылау нүктесі",
					"Подписанная и заверенная свидетелями контрольная точка", "Signed and witnessed checkpoint"),
			label("key", "Тізілім кілті", "Ключ реестра", "Ledger key"),
			label("verify", "Тексеру тәсілі", "Как проверить", "How to verify"),
			label("verifyText",
					"Бұл бет JSON үзіндісінің оқуға арналған көрінісі. Дәлелдік күші бар құжат – JSON файлы. "
							+ "Оны дерекқорсыз және желісіз тексеру үшін:",
					"Эта страница – представление JSON-выписки для чтения. Доказательную силу имеет JSON-файл. "
							+ "Проверить его без базы данных и сети:",
					"This page renders the JSON bundle for reading; the JSON file is the evidence. "
							+ "Verify it without any database or network:"),
			label("bundleHash", "Үзіндінің SHA-256 хэші", "SHA-256 выписки", "SHA-256 of the bundle"),
			label("verdict", "Бағалау", "Оценка", "Verdict"), label("none", "жоқ", "нет", "none"),
			label("active", "белсенді", "действует", "active"),
			label("withdrawn", "кері қайтарылды", "отозвано", "withdrawn"),
			label("expired", "мерзімі өтті", "истекло", "expired"), label("ok", "заңды", "правомерно", "lawful"),
			label("late-stop", "кешіккен тоқтату", "запоздалое прекращение", "late stop"),
			label("violation", "бұзушылық", "нарушение", "violation"),
			label("revised", "қайта бағаланды", "пересмотрено", "revised"),
			label("judged", "бағаланған оқиға", "оцениваемое событие", "judged event"),
			label(EventKind.POLICY_PUBLISHED.id(), "Саясат нұсқасы жарияланды", "Опубликована версия политики",
					"Policy version published"),
			label(EventKind.CONSENT_GRANTED.id(), "Келісім берілді", "Согласие дано", "Consent granted"),
			label(EventKind.CONSENT_WITHDRAWN.id(), "Келісім кері қайтарылды", "Согласие отозвано",
					"Consent withdrawn"),
			label(EventKind.CONSENT_WITHDRAWAL_REFUSED.id(), "Кері қайтарудан бас тартылды", "В отзыве отказано",
					"Withdrawal refused"),
			label(EventKind.POLICY_ACCEPTED.id(), "Саясат қабылданды", "Политика принята", "Policy accepted"),
			label(EventKind.DATA_SHARED.id(), "Деректер берілді", "Данные переданы", "Data shared"),
			label(EventKind.JUDGMENT_REVISED.id(), "Бағалау қайта қаралды", "Оценка пересмотрена", "Judgment revised"),
			label(EventKind.SUBJECT_ERASED.id(), "Субъект өшірілді (кілті жойылды)", "Субъект стёрт (ключ уничтожен)",
					"Subject erased (key destroyed)"),
			label(EventKind.DESTRUCTION_DUE.id(), "Деректерді жою міндеті туындады",
					"Возникла обязанность уничтожить данные", "Destruction due"),
			label(EventKind.DATA_DESTROYED.id(), "Деректер жойылды", "Данные уничтожены", "Data destroyed"),
			label(EventKind.PROCESSING_ENDED.id(), "Өңдеу аяқталды (сақтау мерзімі басталды)",
					"Обработка завершена (начат срок хранения)", "Processing ended (retention started)"),
			label(EventKind.REQUEST_RECEIVED.id(), "Субъектінің өтініші қабылданды", "Получен запрос субъекта",
					"Subject's request received"),
			label(EventKind.REQUEST_ANSWERED.id(), "Субъектінің өтінішіне жауап берілді",
					"Дан ответ на запрос субъекта", "Subject's request answered"));

	private static Map.Entry<String, String[]> label(String key, String kk, String ru, String en) {
		return Map.entry(key, new String[] { kk, ru, en });
	}

	/** A label in a language, or null when there is none. */
	static String label(String key, Language language) {
		String[] labels = LABELS.get(key);
		return (labels != null) ? labels[language.ordinal()] : null;
	}

	String render(byte[] bundleBytes, Language language) {
		JsonNode bundle = JSON.readTree(bundleBytes);
		JsonNode scope = bundle.path("scope");
		Page page = new Page(language);
		page.raw("<!DOCTYPE html><html lang=\"").text(language.code()).raw("\"><head><meta charset=\"utf-8\"><title>");
		page.label("title").raw("</title><style>").raw(CSS).raw("</style></head><body><main>");
		page.raw("<h1>").label("title").raw("</h1><dl>");
		page.term("operator", scope.path("operator").asString());
		if (scope.has("subject")) {
			page.term("subject", scope.path("subject").asString());
		}
		else {
			page.term("period", scope.path("from").asString() + " – " + scope.path("to").asString());
		}
		page.term("exportedAt", bundle.path("exportedAt").asString());
		page.term("exportedFor", bundle.path("exportedFor").path("actor").asString() + " — "
				+ bundle.path("exportedFor").path("reason").asString());
		page.raw("</dl>");
		if (scope.has("subject")) {
			state(page, bundle, scope);
		}
		// An event proven under the checkpoint shows the checkpoint's size; an unsealed
		// one
		// nothing.
		String sealedIn = bundle.path("checkpoint").asString("").lines().skip(1).findFirst().orElse("");
		events(page, "events", bundle.path("events"), sealedIn);
		events(page, "policies", bundle.path("policies"), sealedIn);
		// The checkpoint note as signed and cosigned: its size and root head the text.
		page.raw("<h2>").label("checkpoints").raw("</h2><pre class=\"key\">");
		page.text(bundle.path("checkpoint").asString(""));
		page.raw("</pre><h2>").label("verify").raw("</h2><p>").label("verifyText").raw("</p><pre>");
		page.text("java -jar ledger-verifier.jar verify --bundle bundle.json --ledger-key LEDGER-VKEY"
				+ " --witness WITNESS-VKEY [--trusted-checkpoint CHECKPOINT]");
		page.raw("</pre><dl>");
		page.term("bundleHash", Hashes.hex(Hashes.sha256(bundleBytes)));
		page.term("key", bundle.path("ledgerKey").path("vkey").asString());
		page.raw("</dl><pre class=\"key\">").text(bundle.path("ledgerKey").path("publicKey").asString());
		page.raw("</pre></main></body></html>");
		return page.toString();
	}

	private static void state(Page page, JsonNode bundle, JsonNode scope) {
		Instant at = Instant.parse(bundle.path("exportedAt").asString());
		ConsentState state = ConsentReplay.stateAt(scope.path("operator").asString(), scope.path("subject").asString(),
				subjectEvents(bundle.path("events")), at, at);
		page.raw("<h2>").label("state").raw("</h2><table><thead><tr>");
		page.headers("purpose", "status", "since", "categories", "policyVersion", "stopDueBy")
			.raw("</tr></thead><tbody>");
		for (ConsentState.Purpose purpose : state.purposes()) {
			page.raw("<tr>")
				.cell(purpose.purpose())
				.raw("<td>")
				.label(purpose.status())
				.raw("</td>")
				.cell(String.valueOf(purpose.since()))
				.cell(String.join(", ", purpose.dataCategories()))
				.cell(purpose.policyVersion())
				.cell((purpose.stopDueBy() != null) ? purpose.stopDueBy().toString() : "")
				.raw("</tr>");
		}
		page.raw("</tbody></table>");
	}

	private static void events(Page page, String title, JsonNode entries, String sealedIn) {
		if (entries.isEmpty()) {
			return;
		}
		ConsentFold latest = ConsentFold.of(subjectEvents(entries));
		page.raw("<h2>").label(title).raw("</h2><table><thead><tr>");
		page.headers("position", "occurredAt", "receivedAt", "event", "details", "verdict", "eventHash", "checkpoint")
			.raw("</tr></thead><tbody>");
		for (JsonNode entry : entries) {
			Object payload = payload(entry);
			page.raw("<tr>")
				.cell(entry.path("position").asString())
				.cell(String.valueOf(occurredAt(payload)))
				.cell(entry.path("timestamp").asString())
				.raw("<td>")
				.label(EventKind.of(payload).id())
				.raw("</td>");
			if (payload instanceof JudgmentRevised revised) {
				page.raw("<td>")
					.label("judged")
					.text(": ")
					.label(revised.judgedType())
					.text(" " + revised.judgedSource() + " " + revised.judgedEventId() + " · " + revised.because()
							+ (revised.reasons().isEmpty() ? "" : " · " + String.join("; ", revised.reasons())))
					.raw("</td><td>")
					.verdict(revised.verdict())
					.raw("</td>");
			}
			else {
				page.cell(details(payload)).raw("<td>");
				if (payload instanceof DataShared shared) {
					verdict(page, shared, latest.judgmentOf(shared.provenance()).orElseThrow());
				}
				page.raw("</td>");
			}
			page.code(entry.path("eventHash").asString()).cell(entry.path("inclusionProof").isArray() ? sealedIn : "");
			page.raw("</tr>");
		}
		page.raw("</tbody></table>");
	}

	/**
	 * A disclosure's latest verdict; one judged again shows the verdict given at receipt
	 * before it, and says it was revised (the revising event is a row of its own).
	 */
	private static void verdict(Page page, DataShared shared, ConsentFold.Judgment judgment) {
		if (judgment.revisedBy() != null) {
			page.verdict(shared.verdict()).text(" → ");
		}
		page.verdict(judgment.verdict());
		if (judgment.revisedBy() != null) {
			page.text(" (").label("revised").text(")");
		}
	}

	/**
	 * The bundle's subject events, folded for their latest judgments (an operator bundle
	 * holds policy publications among them).
	 */
	private static List<PositionedEvent> subjectEvents(JsonNode entries) {
		List<PositionedEvent> events = new ArrayList<>();
		for (JsonNode entry : entries) {
			if (payload(entry) instanceof SubjectEvent event) {
				events.add(new PositionedEvent(entry.path("position").asLong(), event));
			}
		}
		return events;
	}

	private static Object payload(JsonNode entry) {
		return StoredPayloads.read(entry.path("payloadType").asString(), entry.path("payloadRevision").asString(),
				entry.path("payload").asString().getBytes(StandardCharsets.UTF_8));
	}

	private static Instant occurredAt(Object payload) {
		return (payload instanceof SubjectEvent event) ? event.provenance().occurredAt()
				: ((PolicyVersionPublished) payload).provenance().occurredAt();
	}

	/** A one-line summary in the event's own terms (purposes, categories, recipients). */
	private static String details(Object payload) {
		if (payload instanceof ConsentGranted e) {
			return String.join(", ", e.purposes()) + " · " + String.join(", ", e.dataCategories()) + " · v"
					+ e.policyVersion();
		}
		if (payload instanceof ConsentWithdrawn e) {
			return String.join(", ", e.purposes()) + " · " + e.channel() + " · " + e.stopDueBy();
		}
		if (payload instanceof ConsentWithdrawalRefused e) {
			return String.join(", ", e.purposes()) + " · " + e.refusal().reason();
		}
		if (payload instanceof PolicyAccepted e) {
			return "v" + e.policyVersion() + " · " + e.mode() + " · " + e.validity();
		}
		if (payload instanceof DataShared e) {
			return e.recipient().name() + " (" + e.recipient().country() + ") · " + e.purpose() + " · "
					+ String.join(", ", e.dataCategories()) + " · " + e.legalBasis()
					+ (e.reasons().isEmpty() ? "" : " · " + String.join("; ", e.reasons()));
		}
		if (payload instanceof SubjectErased e) {
			return e.destroyed() + " · " + e.requestedBy() + ((e.requestRef() != null) ? " " + e.requestRef() : "")
					+ " · " + e.reason() + " · " + String.join(", ", e.fields());
		}
		if (payload instanceof PolicyVersionPublished e) {
			return "v" + e.version() + " · " + e.effectiveAt() + " · " + String.join(", ", e.purposes());
		}
		return "";
	}

	/** Escaping writer: every text goes through {@link HtmlUtils#htmlEscape}. */
	private static final class Page {

		private final StringBuilder html = new StringBuilder(16_384);

		private final Language language;

		Page(Language language) {
			this.language = language;
		}

		Page raw(String markup) {
			this.html.append(markup);
			return this;
		}

		Page text(String text) {
			this.html.append(HtmlUtils.htmlEscape((text != null) ? text : "", "UTF-8"));
			return this;
		}

		Page label(String key) {
			String label = BundleHtml.label(key, this.language);
			return text((label != null) ? label : key);
		}

		Page headers(String... keys) {
			for (String key : keys) {
				raw("<th>").label(key).raw("</th>");
			}
			return this;
		}

		/**
		 * A verdict, coloured when it is not {@code ok}; validities are shown as they
		 * are.
		 */
		Page verdict(String verdict) {
			if (verdict == null) {
				return this;
			}
			return raw("<span class=\"").text(verdict).raw("\">").label(verdict).raw("</span>");
		}

		Page cell(String text) {
			return raw("<td>").text(text).raw("</td>");
		}

		Page code(String text) {
			return raw("<td><code>").text(text).raw("</code></td>");
		}

		Page term(String key, String value) {
			return raw("<dt>").label(key).raw("</dt><dd>").text(value).raw("</dd>");
		}

		@Override
		public String toString() {
			return this.html.toString();
		}

	}

	private static final String CSS = """
			body{font:14px/1.45 "DejaVu Sans",Arial,sans-serif;color:#111;margin:0}
			main{max-width:1100px;margin:0 auto;padding:24px}
			h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #999}
			dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:bold}dd{margin:0}
			table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #bbb;padding:4px;
			vertical-align:top;text-align:left}th{background:#eee}
			code,pre{font-family:"DejaVu Sans Mono",monospace;font-size:11px;word-break:break-all;white-space:pre-wrap}
			.violation{color:#a00;font-weight:bold}.late-stop{color:#a60;font-weight:bold}
			@media print{main{padding:0}h2{break-after:avoid}tr{break-inside:avoid}@page{size:A4;margin:15mm}}
			""";

}
