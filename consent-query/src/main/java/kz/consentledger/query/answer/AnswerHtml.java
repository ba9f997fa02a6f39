package kz.consentledger.query.answer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import kz.consentledger.query.privacy.SealedFieldOpener;
import kz.consentledger.replay.Instants;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The readable, printable rendering of a signed access answer, made from the signed bytes
 * alone, so it says what the signature covers, in the answer's language. Dates are days
 * in Kazakhstan. Self-contained HTML (no scripts, no external resources) that prints on
 * A4; every text from the document is escaped.
 */
final class AnswerHtml {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StringBuilder html = new StringBuilder(16_384);

	private final AnswerTexts texts;

	private AnswerHtml(AnswerTexts texts) {
		this.texts = texts;
	}

	static String render(byte[] document) {
		JsonNode bundle = JSON.readTree(document);
		JsonNode answer = bundle.path("answer");
		AnswerHtml page = new AnswerHtml(AnswerTexts.of(answer.path("language").asString()));
		page.document(bundle, answer);
		return page.html.toString();
	}

	private void document(JsonNode bundle, JsonNode answer) {
		raw("<!DOCTYPE html><html lang=\"").text(this.texts.language()).raw("\"><head><meta charset=\"utf-8\"><title>");
		text(answer.path("title").asString()).raw("</title><style>").raw(CSS).raw("</style></head><body><main>");
		raw("<h1>").text(answer.path("title").asString()).raw("</h1><dl>");
		term("operator", answer.path("operator").asString());
		term("subject", answer.path("subject").asString());
		term("date", day(answer.path("generatedAt")));
		term("preparedBy", bundle.path("exportedFor").path("actor").asString());
		raw("</dl>");
		// The legal opening and the fact of processing; the rights close the answer.
		JsonNode statements = answer.path("statements");
		raw("<p>").text(statements.path(0).asString()).raw("</p><p><strong>");
		text(statements.path(1).asString()).raw("</strong></p>");
		request(answer.path("request"));
		purposes(answer.path("purposes"));
		sources(answer.path("sources"));
		recipients(answer.path("recipients"));
		crossBorder(answer.path("crossBorderTransfers"));
		retention(answer.path("retention"));
		personalData(answer.path("personalData"));
		raw("<p class=\"rights\">").text(answer.path("statements").path(2).asString()).raw("</p>");
		heading("authenticity").raw("<p>").label("authenticityText").raw("</p><p><code class=\"digest\">");
		text(bundle.path("answerDigest").asString()).raw("</code></p><dl>");
		term("key", bundle.path("ledgerKey").path("vkey").asString());
		term("checkpoint", String.join(" · ", bundle.path("checkpoint").asString("").lines().limit(2).toList()));
		raw("</dl></main></body></html>");
	}

	private void request(JsonNode request) {
		heading("request");
		if (!request.isObject()) {
			raw("<p>").label("noRequest").raw("</p>");
			return;
		}
		raw("<dl>");
		term("requestRef", request.path("requestRef").asString());
		term("receivedAt", day(request.path("receivedAt")));
		term("channel", this.texts.get(request.path("channel").asString()));
		JsonNode due = request.path("due");
		if (due.isObject()) {
			term("dueBy", due.path("date").asString()
					+ (due.path("provisional").asBoolean() ? " (" + this.texts.get("provisional") + ")" : ""));
		}
		term("legalReference", request.path("legalReference").asString());
		raw("</dl>");
	}

	private void purposes(JsonNode purposes) {
		heading("purposes");
		if (purposes.isEmpty()) {
			raw("<p>").label("noPurposes").raw("</p>");
			return;
		}
		table("purpose", "status", "categories", "policyVersion", "grantedAt", "withdrawnAt");
		for (JsonNode purpose : purposes) {
			raw("<tr>").cell(purpose.path("purpose").asString()).raw("<td>");
			label(purpose.path("status").asString());
			JsonNode refusal = purpose.path("withdrawalRefused");
			if (refusal.isObject()) {
				raw("<br>").label("refusal")
					.text(" " + day(refusal.path("requestedAt")) + ": ")
					.label(refusal.path("reason").asString());
			}
			for (JsonNode since : purpose.path("endedSince")) {
				raw("<br>").text(day(since.path("at")) + ": " + since.path("text").asString());
			}
			raw("</td>").cell(join(purpose.path("dataCategories"), false))
				.cell(purpose.path("policyVersion").asString())
				.raw("<td>")
				.text(day(purpose.path("grantedAt")) + " · ")
				.label("by." + purpose.path("grantedBy").asString())
				.text(" · ")
				.label(purpose.path("channel").asString());
			if (purpose.path("expiresAt").isString()) {
				raw("<br>").label("expiresAt").text(": " + day(purpose.path("expiresAt")));
			}
			raw("</td><td>");
			if (purpose.path("withdrawnAt").isString()) {
				text(day(purpose.path("withdrawnAt"))).raw("<br>")
					.label("stopDueBy")
					.text(": " + purpose.path("stopDueBy").asString(""));
			}
			raw("</td></tr>");
		}
		raw("</tbody></table>");
	}

	private void sources(JsonNode sources) {
		heading("sources");
		table("source", "channels", "records");
		for (JsonNode source : sources) {
			raw("<tr>").cell(source.path("source").asString())
				.cell(join(source.path("channels"), true))
				.cell(String.valueOf(source.path("events").size()))
				.raw("</tr>");
		}
		raw("</tbody></table>");
	}

	private void recipients(JsonNode recipients) {
		heading("recipients");
		if (recipients.isEmpty()) {
			raw("<p>").label("noRecipients").raw("</p>");
			return;
		}
		table("name", "kind", "country", "namedFor", "disclosures");
		for (JsonNode recipient : recipients) {
			raw("<tr>").cell(recipient.path("name").asString())
				.cell(this.texts.get(recipient.path("kind").asString()))
				.cell(this.texts.country(recipient.path("country").asString()))
				.cell(join(recipient.path("namedFor"), false))
				.raw("<td>");
			for (JsonNode disclosure : recipient.path("disclosures")) {
				text(day(disclosure.path("at")) + " · " + disclosure.path("purpose").asString() + " · "
						+ join(disclosure.path("dataCategories"), false) + " · ")
					.label(disclosure.path("legalBasis").asString())
					.raw("<br>");
			}
			raw("</td></tr>");
		}
		raw("</tbody></table>");
	}

	private void crossBorder(JsonNode countries) {
		heading("crossBorder");
		if (countries.isEmpty()) {
			raw("<p>").label("noCrossBorder").raw("</p>");
			return;
		}
		table("country", "consentedFor", "recipients", "storedUnder", "disclosures");
		for (JsonNode country : countries) {
			raw("<tr>").cell(this.texts.country(country.path("country").asString()))
				.cell(join(country.path("consentedFor"), false))
				.cell(join(country.path("recipients"), false))
				.cell(join(country.path("storedUnder"), false))
				.cell(String.valueOf(country.path("disclosures").asInt()))
				.raw("</tr>");
		}
		raw("</tbody></table>");
	}

	private void retention(JsonNode retention) {
		heading("retention");
		table("policyVersion", "rule");
		for (JsonNode rule : retention.path("policies")) {
			raw("<tr>").cell(rule.path("policyVersion").asString()).cell(rule.path("rule").asString()).raw("</tr>");
		}
		raw("</tbody></table>");
		for (JsonNode ended : retention.path("processingEnded")) {
			raw("<p>").label("processingEnded")
				.text(" " + day(ended.path("at")) + ": ")
				.label(ended.path("reason").asString())
				.text(" (" + join(ended.path("purposes"), false) + "; " + ended.path("policyVersion").asString("")
						+ "). ")
				.label("destroyBy")
				.text(": ");
			JsonNode destroyBy = ended.path("destroyBy");
			if (destroyBy.isObject()) {
				text(destroyBy.path("date").asString());
			}
			else {
				label("noDestroyBy");
			}
			raw("</p>");
		}
		if (!retention.path("destructions").isEmpty()) {
			raw("<h3>").label("destructions").raw("</h3><ul>");
			for (JsonNode done : retention.path("destructions")) {
				raw("<li>").text(day(done.path("at")) + ": ")
					.label(done.path("outcome").asString())
					.text(" · " + join(done.path("dataCategories"), false)
							+ (done.path("hold").isString() ? " · " + done.path("hold").asString() : ""))
					.raw("</li>");
			}
			raw("</ul>");
		}
	}

	private void personalData(JsonNode personal) {
		heading("personalData");
		JsonNode fields = personal.path("fields");
		if (fields.isEmpty()) {
			raw("<p>").label("noPersonalData").raw("</p>");
		}
		else {
			raw("<p>").text(this.texts.get("personalDataIntro", "id", personal.path("subject").asString())).raw("</p>");
			table("field", "value", "recordedOn");
			for (JsonNode field : fields) {
				String value = field.path("value").asString();
				raw("<tr>").cell(this.texts.get(field.path("field").asString()))
					.cell(SealedFieldOpener.ERASED.equals(value) ? this.texts.get("erasedValue") : value)
					.cell(day(field.path("recordedAt")))
					.raw("</tr>");
			}
			raw("</tbody></table>");
		}
		for (JsonNode erasure : personal.path("erasures")) {
			raw("<p>").text(this.texts.get("erasure", "date", day(erasure.path("at")))).raw("</p>");
		}
	}

	/** A list of codes, each named in the language when {@code named}. */
	private String join(JsonNode values, boolean named) {
		List<String> words = new ArrayList<>();
		values.forEach((value) -> words.add(named ? this.texts.get(value.asString()) : value.asString()));
		return String.join(", ", words);
	}

	/** The day in Kazakhstan of an instant. */
	private static String day(JsonNode instant) {
		return instant.isString()
				? LocalDate.ofInstant(Instant.parse(instant.asString()), Instants.KAZAKHSTAN).toString() : "";
	}

	private AnswerHtml raw(String markup) {
		this.html.append(markup);
		return this;
	}

	private AnswerHtml text(String text) {
		this.html.append(HtmlUtils.htmlEscape((text != null) ? text : "", "UTF-8"));
		return this;
	}

	private AnswerHtml label(String key) {
		return text(this.texts.get(key));
	}

	private AnswerHtml heading(String key) {
		return raw("<h2>").label(key).raw("</h2>");
	}

	private AnswerHtml cell(String text) {
		return raw("<td>").text(text).raw("</td>");
	}

	private AnswerHtml term(String key, String value) {
		return raw("<dt>").label(key).raw("</dt><dd>").text(value).raw("</dd>");
	}

	private void table(String... headers) {
		raw("<table><thead><tr>");
		for (String header : headers) {
			raw("<th>").label(header).raw("</th>");
		}
		raw("</tr></thead><tbody>");
	}

	private static final String CSS = """
			body{font:14px/1.45 "DejaVu Sans",Arial,sans-serif;color:#111;margin:0}
			main{max-width:1000px;margin:0 auto;padding:24px}
			h1{font-size:21px;margin:0 0 12px}h2{font-size:16px;margin:22px 0 8px;border-bottom:1px solid #999}
			h3{font-size:14px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}
			dt{font-weight:bold}dd{margin:0}
			table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #bbb;padding:4px;
			vertical-align:top;text-align:left}th{background:#eee}
			code{font-family:"DejaVu Sans Mono",monospace;font-size:11px;word-break:break-all}
			.rights{margin-top:20px;font-style:italic}
			@media print{main{padding:0}h2{break-after:avoid}tr{break-inside:avoid}@page{size:A4;margin:15mm}}
			""";

}
