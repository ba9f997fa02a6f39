package kz.consentledger.query.export;

import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.replay.Instants;
import kz.consentledger.query.audit.AccessAudit;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Regulator exports: signed JSON bundles and their printable HTML rendering. */
@RestController
class ExportController {

	private static final String TRUSTED_SIZE = "the size of a checkpoint you hold: the bundle then proves "
			+ "its checkpoint consistent with it (RFC 9162 consistency proof)";

	private final BundleExporter exporter;

	private final BundleHtml html;

	private final AccessAudit audit;

	ExportController(BundleExporter exporter, BundleHtml html, AccessAudit audit) {
		this.exporter = exporter;
		this.html = html;
		this.audit = audit;
	}

	@Operation(summary = "Signed export bundle of one subject: every event, its proofs and the policies it refers to")
	@GetMapping(path = "/api/v1/operators/{operator}/subjects/{subject}/export",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> subject(HttpServletRequest request, @PathVariable String operator,
			@PathVariable String subject,
			@Parameter(description = "why (or the X-Access-Reason header)") @RequestParam(
					required = false) String reason,
			@Parameter(description = TRUSTED_SIZE) @RequestParam(required = false) Long trustedSize) {
		this.audit.recordWithReason(request, "export", operator, subject);
		byte[] bundle = this.exporter.subject(operator, subject, AccessAudit.actor(request),
				AccessAudit.reason(request), trustedSize);
		return attachment(bundle, MediaType.APPLICATION_JSON, "ledger-export-" + operator + "-" + subject + ".json");
	}

	@Operation(summary = "The subject's export bundle rendered for reading and printing (kk, ru or en)")
	@GetMapping(path = "/api/v1/operators/{operator}/subjects/{subject}/export.html",
			produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> subjectHtml(HttpServletRequest request, @PathVariable String operator,
			@PathVariable String subject, @RequestParam(defaultValue = "kk") String lang,
			@RequestParam(required = false) String reason) {
		BundleHtml.Language language = BundleHtml.Language.of(lang);
		this.audit.recordWithReason(request, "export-html", operator, subject);
		byte[] bundle = this.exporter.subject(operator, subject, AccessAudit.actor(request),
				AccessAudit.reason(request), null);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
			.body(this.html.render(bundle, language));
	}

	@Operation(summary = "Signed export bundle of every event of one operator appended in [from, to)")
	@GetMapping(path = "/api/v1/operators/{operator}/export", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> operator(HttpServletRequest request, @PathVariable String operator,
			@RequestParam String from, @RequestParam String to, @RequestParam(required = false) String reason,
			@Parameter(description = TRUSTED_SIZE) @RequestParam(required = false) Long trustedSize) {
		var start = Instants.parse("from", from);
		var end = Instants.parse("to", to);
		this.audit.recordWithReason(request, "export-operator", operator, null);
		byte[] bundle = this.exporter.operator(operator, start, end, AccessAudit.actor(request),
				AccessAudit.reason(request), trustedSize);
		return attachment(bundle, MediaType.APPLICATION_JSON, "ledger-export-" + operator + ".json");
	}

	private static ResponseEntity<byte[]> attachment(byte[] body, MediaType type, String filename) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString())
			.body(body);
	}

}
