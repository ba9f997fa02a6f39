package kz.consentledger.command.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes CloudEvents with the CloudEvents SDK: both Kafka bindings, the HTTP binary and
 * structured bindings, and JSON batches. A Kafka record with neither {@code ce_*} headers
 * nor a content type but a JSON object value is read as structured mode, so Kafka's own
 * console producer can publish the contract's examples.
 */
public class CloudEventReaders {

	private static final EventFormat JSON_FORMAT = new JsonFormat();

	private final ObjectMapper json;

	public CloudEventReaders(ObjectMapper json) {
		this.json = json;
	}

	public CloudEvent fromKafka(ConsumerRecord<byte[], byte[]> record) {
		if (record.value() == null) {
			throw malformed("value", "the record has no value");
		}
		boolean hasEnvelopeHeaders = record.headers().lastHeader("ce_specversion") != null
				|| record.headers().lastHeader("content-type") != null;
		try {
			return hasEnvelopeHeaders ? KafkaMessageFactory.createReader(record).toEvent()
					: JSON_FORMAT.deserialize(record.value());
		}
		catch (CloudEventRWException | EventDeserializationException | IllegalStateException ex) {
			throw malformed("envelope", "not a CloudEvent: " + rootMessage(ex));
		}
	}

	public CloudEvent fromHttp(Map<String, String> headers, byte[] body) {
		try {
			return HttpMessageFactory.createReader(headers, body).toEvent();
		}
		catch (CloudEventRWException | EventDeserializationException | IllegalStateException ex) {
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
		List<CloudEvent> events = new ArrayList<>();
		List<Violation> violations = new ArrayList<>();
		for (int i = 0; i < array.size(); i++) {
			try {
				events.add(JSON_FORMAT.deserialize(this.json.writeValueAsBytes(array.get(i))));
			}
			catch (CloudEventRWException | EventDeserializationException | IllegalStateException | IOException ex) {
				violations.add(new Violation("[" + i + "].envelope", "not a CloudEvent: " + rootMessage(ex)));
			}
		}
		if (!violations.isEmpty()) {
			throw new MalformedEventException(violations);
		}
		return events;
	}

	static String jsonProblem(IOException ex) {
		return (ex instanceof JsonProcessingException parse) ? parse.getOriginalMessage() : ex.getMessage();
	}

	private static MalformedEventException malformed(String field, String message) {
		return new MalformedEventException(List.of(new Violation(field, message)));
	}

	private static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return (root == error) ? message : error.getMessage() + " (" + message + ")";
	}

}
