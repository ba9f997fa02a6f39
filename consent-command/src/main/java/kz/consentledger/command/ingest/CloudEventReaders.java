package kz.consentledger.command.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.core.NestedExceptionUtils;

/**
 * Decodes CloudEvents with the CloudEvents SDK: both Kafka bindings, the HTTP binary and
 * structured bindings, and JSON batches. A Kafka record with neither {@code ce_*} headers
 * nor a content type but a JSON object value is read as structured mode, so Kafka's own
 * console producer can publish the contract's examples. Structured mode and batches are
 * parsed by the contract's strict mapper ({@link ContractLimits#strictJson()}), which
 * refuses duplicate keys, trailing content and deep nesting. Whatever goes wrong while
 * decoding, the caller gets a {@link MalformedEventException} naming it: decoding is
 * pure, so no failure here may stop a partition or answer 500.
 */
public class CloudEventReaders {

	private static final String STRUCTURED = "application/cloudevents+json";

	/** Jackson's asides that name its own classes and settings. */
	private static final Pattern INTERNALS = Pattern
		.compile("\\s*\\(bound as `[^`]*`\\)|,? from `[^`]*`|:? ?not allowed as per `[^`]*`");

	private final ObjectMapper json;

	private final int maxEventBytes;

	/**
	 * @param json the contract's strict mapper
	 * @param maxEventBytes the largest Kafka record value read; a larger one is refused
	 * unread
	 */
	public CloudEventReaders(ObjectMapper json, int maxEventBytes) {
		this.json = json;
		this.maxEventBytes = maxEventBytes;
	}

	public CloudEvent fromKafka(ConsumerRecord<byte[], byte[]> record) {
		if (record.value() == null) {
			throw malformed("value", "the record has no value");
		}
		long size = size(record);
		if (size > this.maxEventBytes) {
			throw new MalformedEventException(MalformedEventException.TOO_LARGE,
					List.of(new Violation("value", "the record has " + size
							+ " bytes with its key and headers; an event may have at most " + this.maxEventBytes)));
		}
		Header contentType = record.headers().lastHeader("content-type");
		boolean binary = record.headers().lastHeader("ce_specversion") != null
				&& (contentType == null || !text(contentType).startsWith(STRUCTURED));
		try {
			return binary ? KafkaMessageFactory.createReader(record).toEvent() : structured(record.value());
		}
		catch (MalformedEventException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw malformed("envelope", "not a CloudEvent: " + rootMessage(ex));
		}
	}

	public CloudEvent fromHttp(Map<String, String> headers, byte[] body) {
		String contentType = headers.entrySet()
			.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase("content-type"))
			.map((header) -> header.getValue().toLowerCase(Locale.ROOT))
			.findFirst()
			.orElse("");
		try {
			return contentType.startsWith(STRUCTURED) ? structured(body)
					: HttpMessageFactory.createReader(headers, body).toEvent();
		}
		catch (MalformedEventException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw malformed("envelope", "not a CloudEvent: " + rootMessage(ex));
		}
	}

	/**
	 * Decodes an {@code application/cloudevents-batch+json} body. Every element is
	 * decoded; the violations of all of them are reported together, each field prefixed
	 * with its index.
	 */
	public List<CloudEvent> batchFromHttp(byte[] body) {
		JsonNode array;
		try {
			array = this.json.readTree(body);
		}
		catch (IOException ex) {
			throw malformed("body", "is not valid JSON: " + CloudEventReaders.jsonProblem(ex));
		}
		if (array == null || !array.isArray() || array.isEmpty()) {
			throw malformed("body", "a batch must be a non-empty JSON array of CloudEvents");
		}
		if (array.size() > ContractLimits.MAX_BATCH_EVENTS) {
			throw malformed("body", "a batch holds at most " + ContractLimits.MAX_BATCH_EVENTS
					+ " events; this one has " + array.size());
		}
		List<CloudEvent> events = new ArrayList<>();
		List<Violation> violations = new ArrayList<>();
		for (int i = 0; i < array.size(); i++) {
			JsonNode element = array.get(i);
			if (!element.isObject()) {
				violations
					.add(new Violation("[" + i + "].envelope", "must be a JSON object, was " + element.getNodeType()));
				continue;
			}
			try {
				events.add(this.json.treeToValue(element, CloudEvent.class));
			}
			catch (IOException | RuntimeException ex) {
				violations.add(new Violation("[" + i + "].envelope", "not a CloudEvent: " + rootMessage(ex)));
			}
		}
		if (!violations.isEmpty()) {
			throw new MalformedEventException(violations);
		}
		return events;
	}

	private CloudEvent structured(byte[] value) {
		CloudEvent event;
		try {
			event = this.json.readValue(value, CloudEvent.class);
		}
		catch (JsonProcessingException ex) {
			throw malformed("envelope", "not a CloudEvent, not valid JSON: " + jsonProblem(ex));
		}
		catch (IOException ex) {
			throw malformed("envelope", "cannot be read: " + rootMessage(ex));
		}
		if (event == null) {
			throw malformed("envelope", "must be a JSON object holding a CloudEvent, was null");
		}
		return event;
	}

	/**
	 * The parser's complaint in a producer's words: without Jackson's class and feature
	 * names, which say nothing to whoever must fix the event.
	 */
	public static String jsonProblem(IOException ex) {
		String message = (ex instanceof JsonProcessingException parse) ? parse.getOriginalMessage() : ex.getMessage();
		if (message == null) {
			return "unreadable";
		}
		if (message.startsWith("Trailing token")) {
			return "content follows the JSON value";
		}
		if (message.startsWith("Duplicate field")) {
			return "duplicate key" + message.substring("Duplicate field".length());
		}
		if (message.startsWith("Cannot deserialize value")) {
			return "a CloudEvent must be a JSON object";
		}
		if (message.startsWith("Document nesting depth")) {
			return "nested too deeply: at most " + ContractLimits.MAX_DEPTH + " levels inside data";
		}
		return INTERNALS.matcher(message).replaceAll("");
	}

	private static long size(ConsumerRecord<byte[], byte[]> record) {
		long size = record.value().length + ((record.key() != null) ? record.key().length : 0);
		for (Header header : record.headers()) {
			size += header.key().length() + ((header.value() != null) ? header.value().length : 0);
		}
		return size;
	}

	private static String text(Header header) {
		return new String(header.value(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
	}

	private static MalformedEventException malformed(String field, String message) {
		return new MalformedEventException(List.of(new Violation(field, message)));
	}

	/** The innermost cause's message, without class names. */
	private static String rootMessage(Throwable error) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(error);
		if (root instanceof JsonProcessingException parse) {
			return parse.getOriginalMessage();
		}
		return (root.getMessage() != null) ? root.getMessage() : "unreadable (" + root.getClass().getSimpleName() + ")";
	}

}
