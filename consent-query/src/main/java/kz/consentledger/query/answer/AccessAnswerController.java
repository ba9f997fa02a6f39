package kz.consentledger.query.answer;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.query.audit.AccessAudit;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answer to a subject's access request, for the operator's DPO to send: the signed
 * JSON document, or its rendering for reading and printing.
 */
@RestController
class AccessAnswerController {

	/** The response header carrying the answer's digest, as the document holds it. */
	static final String DIGEST_HEADER = "X-Answer-Digest";

	private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

	private final AccessAnswers answers;

	private final AccessAudit audit;

	AccessAnswerController(AccessAnswers answers, AccessAudit audit) {
		this.answers = answers;
		this.audit = audit;
	}

	@Operation(summary = "The answer to the subject's access request (Law 94-V Art. 24(1)(1), 25(2)(6), (7), (9)): "
			+ "a signed export bundle of profile kz.consentledger.access-answer/v1 whose answer names the purposes, "
			+ "data categories, sources, recipients, cross-border transfers, retention and the personal data held; "
			+ "HTML with format=html or Accept: text/html")
	@GetMapping(path = "/api/v1/operators/{operator}/subjects/{subject}/access-answer",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_HTML_VALUE })
	ResponseEntity<byte[]> answer(HttpServletRequest request, @PathVariable String operator,
			@PathVariable String subject,
			@Parameter(description = "the answer's language: kk, ru or en") @RequestParam String lang,
			@Parameter(
					description = "the request answered (default: the newest unanswered access request, if any)") @RequestParam(
							required = false) String requestRef,
			@Parameter(description = "json (default) or html") @RequestParam(required = false) String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		AnswerTexts texts = AnswerTexts.of(lang);
		boolean html = html(format, accept);
		byte[] document = this.audit.recording(request, "access-answer", operator, subject, () -> this.answers
			.document(operator, subject, texts, requestRef, AccessAudit.actor(request), AccessAudit.reason(request)));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.header(DIGEST_HEADER, AccessAnswers.digestOf(document));
		if (html) {
			return response.contentType(HTML).body(AnswerHtml.render(document).getBytes(StandardCharsets.UTF_8));
		}
		return response.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("access-answer-" + operator + "-" + subject + "-" + texts.language() + ".json",
								StandardCharsets.UTF_8)
						.build()
						.toString())
			.body(document);
	}

	/**
	 * HTML when asked by {@code format}, else when the caller prefers HTML to JSON (a
	 * browser).
	 */
	private static boolean html(String format, String accept) {
		if (format != null) {
			return switch (format) {
				case "html" -> true;
				case "json" -> false;
				default -> throw new IllegalArgumentException("format must be json or html, not " + format);
			};
		}
		if (accept == null) {
			return false;
		}
		List<MediaType> types = MediaType.parseMediaTypes(accept);
		types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : types) {
			if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
				return false;
			}
			if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
				return true;
			}
		}
		return false;
	}

}
