package kz.consentledger.query.answer;

import java.time.Instant;
import java.util.List;

import kz.consentledger.proof.Hashes;
import kz.consentledger.query.export.BundleExporter;
import kz.consentledger.query.privacy.SealedFieldOpener;
import kz.consentledger.query.store.LedgerEvents.ChainedEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Access answers as a profile of the subject bundle (docs/access-answer.md): the bundle's
 * events and proofs, signed as one with the answer made from them ({@code answer}) and
 * its digest ({@code answerDigest}, the SHA-256 of the answer's RFC 8785 canonical JSON),
 * which the DPO records when answering the request.
 */
@Component
public class AccessAnswers {

	/** The bundle's {@code profile} member; the verifier checks the answer by it. */
	public static final String PROFILE = "kz.consentledger.access-answer/v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BundleExporter exporter;

	private final SealedFieldOpener opener;

	AccessAnswers(BundleExporter exporter, SealedFieldOpener opener) {
		this.exporter = exporter;
		this.opener = opener;
	}

	/** The signed answer document (canonical JSON). */
	byte[] document(String operator, String subject, AnswerTexts texts, String requestRef, String actor,
			String reason) {
		SealedFieldOpener.Reader sealed = this.opener.forSubject(operator, subject);
		return this.exporter.subject(operator, subject, actor, reason, null, new BundleExporter.Profile() {

			@Override
			public String name() {
				return PROFILE;
			}

			@Override
			public ObjectNode members(List<ChainedEvent> events, List<ChainedEvent> policies, Instant exportedAt) {
				ObjectNode answer = AnswerContent.of(operator, subject, events, policies, exportedAt, requestRef,
						sealed::open, texts);
				ObjectNode members = JSON.createObjectNode();
				members.set("answer", answer);
				members.put("answerDigest", digest(answer));
				return members;
			}

		});
	}

	/** {@code sha256:} and the hex SHA-256 of the answer's canonical JSON. */
	static String digest(JsonNode answer) {
		return "sha256:" + Hashes.hex(Hashes.sha256(Hashes.canonical(answer)));
	}

	/** The digest a document carries. */
	static String digestOf(byte[] document) {
		return JSON.readTree(document).path("answerDigest").asString();
	}

}
