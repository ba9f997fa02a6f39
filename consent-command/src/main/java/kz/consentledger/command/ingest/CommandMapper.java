package kz.consentledger.command.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import kz.consentledger.commands.AcceptPolicy;
import kz.consentledger.commands.AnswerSubjectRequest;
import kz.consentledger.commands.EndProcessing;
import kz.consentledger.commands.GrantConsent;
import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.commands.ReceiveSubjectRequest;
import kz.consentledger.commands.RecordDataSharing;
import kz.consentledger.commands.RecordDestruction;
import kz.consentledger.commands.RecordDestructionDue;
import kz.consentledger.commands.WithdrawConsent;
import kz.consentledger.events.Evidence;
import kz.consentledger.events.GrantedBy;
import kz.consentledger.events.PolicyDocument;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import kz.consentledger.events.Refusal;

/**
 * Turns a validated event into the command for its aggregate, sealing every field that
 * may hold personal data (representative names, document and application references, IP
 * addresses, user agents, free text, who destroyed data) with the subject's key before it
 * can reach the event store.
 */
public class CommandMapper {

	/** Contract v1: {@code implicitAcceptanceDays} defaults to 7 (AITU 1.6). */
	static final int DEFAULT_IMPLICIT_ACCEPTANCE_DAYS = 7;

	private final PersonalDataSealer sealer;

	public CommandMapper(PersonalDataSealer sealer) {
		this.sealer = sealer;
	}

	public Object toCommand(IncomingEvent event, Instant receivedAt) {
		JsonNode data = event.data();
		Provenance provenance = new Provenance(event.source(), event.id(), stored(event.time().toInstant()),
				receivedAt);
		String operator = event.operator();
		String subject = event.subject();
		Function<JsonNode, String> seal = (node) -> this.sealer.seal(operator, subject, text(node));
		return switch (event.type()) {
			case POLICY_PUBLISHED ->
				new PublishPolicyVersion(operator, text(data.path("version")), instant(data.path("effectiveAt")),
						data.path("implicitAcceptanceDays").asInt(DEFAULT_IMPLICIT_ACCEPTANCE_DAYS),
						list(data.path("documents"),
								(doc) -> new PolicyDocument(text(doc.path("language")), text(doc.path("url")),
										text(doc.path("sha256")))),
						strings(data.path("purposes")), strings(data.path("dataCategories")),
						list(data.path("recipients"), CommandMapper::recipient), text(data.path("storageCountry")),
						data.path("retention").has("yearsAfterAgreementEnd")
								? data.path("retention").path("yearsAfterAgreementEnd").asInt() : null,
						data.path("retention").path("untilPurposeReached").asBoolean(false), provenance);
			case GRANTED -> new GrantConsent(operator, subject, text(data.path("policyVersion")),
					strings(data.path("purposes")), strings(data.path("dataCategories")),
					list(data.path("recipients"), CommandMapper::recipient), strings(data.path("crossBorderCountries")),
					new GrantedBy(text(data.path("grantedBy").path("kind")),
							seal.apply(data.path("grantedBy").path("name")),
							seal.apply(data.path("grantedBy").path("documentRef"))),
					text(data.path("channel")), evidence(data.path("evidence"), seal), text(data.path("language")),
					instant(data.path("expiresAt")), provenance);
			case WITHDRAWN -> new WithdrawConsent(operator, subject, strings(data.path("purposes")),
					text(data.path("channel")), seal.apply(data.path("applicationRef")),
					data.hasNonNull("refused") ? new Refusal(text(data.path("refused").path("reason")),
							seal.apply(data.path("refused").path("detail")),
							text(data.path("refused").path("reference"))) : null,
					provenance);
			case POLICY_ACCEPTED -> new AcceptPolicy(operator, subject, text(data.path("policyVersion")),
					text(data.path("mode")), provenance);
			case DATA_SHARED -> new RecordDataSharing(operator, subject, recipient(data.path("recipient")),
					text(data.path("purpose")), strings(data.path("dataCategories")), text(data.path("legalBasis")),
					text(data.path("requestRef")), provenance);
			case DESTRUCTION_DUE -> new RecordDestructionDue(operator, subject, text(data.path("trigger")),
					text(data.path("legalReference")), strings(data.path("purposes")),
					strings(data.path("dataCategories")), text(data.path("requestRef")), date(data.path("dueBy")),
					provenance);
			case DESTRUCTION_DONE -> new RecordDestruction(operator, subject, text(data.path("dueEventId")),
					text(data.path("trigger")), text(data.path("outcome")), text(data.path("hold")),
					strings(data.path("dataCategories")), strings(data.path("systems")), text(data.path("method")),
					seal.apply(data.path("performedBy")), provenance);
			case AGREEMENT_ENDED,
					PURPOSE_REACHED ->
				new EndProcessing(operator, subject,
						(event.type() == EventType.AGREEMENT_ENDED) ? "agreement-ended" : "purpose-reached",
						strings(data.path("purposes")), text(data.path("policyVersion")), provenance);
			case REQUEST_RECEIVED -> new ReceiveSubjectRequest(operator, subject, text(data.path("requestRef")),
					text(data.path("kind")), text(data.path("channel")), provenance);
			case REQUEST_ANSWERED ->
				new AnswerSubjectRequest(operator, subject, text(data.path("requestRef")), text(data.path("outcome")),
						seal.apply(data.path("reason")), text(data.path("document")), provenance);
		};
	}

	/**
	 * Fetches or creates, in bulk, the keys of the subjects whose events in this batch
	 * carry personal data to seal.
	 */
	public void prepare(List<IncomingEvent> events) {
		this.sealer.prepare(events.stream()
			.filter(CommandMapper::carriesPersonalData)
			.map((event) -> event.operator() + ":" + event.subject())
			.toList());
	}

	private static boolean carriesPersonalData(IncomingEvent event) {
		JsonNode data = event.data();
		return switch (event.type()) {
			case GRANTED ->
				Stream
					.of(data.path("grantedBy").path("name"), data.path("grantedBy").path("documentRef"),
							data.path("evidence").path("ipAddress"), data.path("evidence").path("userAgent"),
							data.path("evidence").path("documentRef"))
					.anyMatch((node) -> node.isTextual());
			case WITHDRAWN ->
				data.path("applicationRef").isTextual() || data.path("refused").path("detail").isTextual();
			case DESTRUCTION_DONE -> data.path("performedBy").isTextual();
			case REQUEST_ANSWERED -> data.path("reason").isTextual();
			default -> false;
		};
	}

	private static Evidence evidence(JsonNode node, Function<JsonNode, String> seal) {
		if (!node.isObject()) {
			return null;
		}
		return new Evidence(seal.apply(node.path("ipAddress")), seal.apply(node.path("userAgent")),
				text(node.path("formId")), seal.apply(node.path("documentRef")), text(node.path("noticeSha256")));
	}

	private static Recipient recipient(JsonNode node) {
		return new Recipient(text(node.path("id")), text(node.path("name")), text(node.path("kind")),
				text(node.path("country")));
	}

	private static String text(JsonNode node) {
		return node.isValueNode() && !node.isNull() ? node.asText() : null;
	}

	private static Instant instant(JsonNode node) {
		String value = text(node);
		return (value != null) ? stored(OffsetDateTime.parse(value).toInstant()) : null;
	}

	/**
	 * Business times as PostgreSQL keeps them, to the microsecond: the projections' rows
	 * and the fold of the stored events then compare equal, and an order decided on the
	 * row is the order of the events.
	 */
	private static Instant stored(Instant time) {
		return time.truncatedTo(ChronoUnit.MICROS);
	}

	private static LocalDate date(JsonNode node) {
		String value = text(node);
		return (value != null) ? LocalDate.parse(value) : null;
	}

	private static List<String> strings(JsonNode node) {
		return list(node, CommandMapper::text);
	}

	private static <T> List<T> list(JsonNode node, Function<JsonNode, T> element) {
		List<T> values = new ArrayList<>();
		if (node.isArray()) {
			node.forEach((item) -> values.add(element.apply(item)));
		}
		return List.copyOf(values);
	}

}
