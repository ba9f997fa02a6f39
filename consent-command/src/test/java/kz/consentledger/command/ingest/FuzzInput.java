package kz.consentledger.command.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One fuzz input of {@link IngestionFuzzTest}: how a producer delivers a body, and the
 * body. Byte 0 chooses the {@link Channel} (its low 3 bits) and the content type (its
 * high 5 bits, {@link #CONTENT_TYPES}); the rest is the body. In binary mode the body is
 * a line of envelope attributes (a JSON object, each member one {@code ce_} header,
 * written as the text of its value) and the event's data after the line break; a body
 * without such a line is all data under {@link #DEFAULT_ATTRIBUTES}. The format is plain
 * so that seeds are easy to write ({@link IngestionFuzzCorpusTest}) and every mutation of
 * the fuzzer is still a valid input.
 */
record FuzzInput(Channel channel, String contentType, byte[] body) {

	/**
	 * What a producer may put in {@code content-type}; {@code null} sends none.
	 */
	static final List<String> CONTENT_TYPES = Arrays.asList("application/cloudevents+json",
			"application/cloudevents+json; charset=utf-8", "application/cloudevents-batch+json", "application/json",
			null, "*/*", "text/plain", "", "APPLICATION/CLOUDEVENTS+JSON", "application/cloudevents+avro",
			"application/cloudevents-batch+json; charset=utf-8", "application/json; charset=iso-8859-1");

	/** The envelope of a binary-mode body that has no attribute line. */
	static final Map<String, String> DEFAULT_ATTRIBUTES = Collections
		.unmodifiableSortedMap(new TreeMap<>(Map.of("specversion", "1.0", "id", "fuzz-1", "source", "//fuzz", "type",
				"kz.consent.granted.v1", "subject", "user-1", "time", "2026-10-02T14:31:07+05:00")));

	private static final ObjectMapper JSON = new ObjectMapper();

	static FuzzInput decode(byte[] input) {
		if (input.length == 0) {
			return new FuzzInput(Channel.KAFKA_PLAIN, null, input);
		}
		int selector = input[0] & 0xff;
		return new FuzzInput(Channel.values()[(selector & 0x07) % Channel.values().length],
				CONTENT_TYPES.get((selector >>> 3) % CONTENT_TYPES.size()), Arrays.copyOfRange(input, 1, input.length));
	}

	byte[] encode() {
		byte[] encoded = new byte[this.body.length + 1];
		encoded[0] = (byte) ((CONTENT_TYPES.indexOf(this.contentType) << 3) | this.channel.ordinal());
		System.arraycopy(this.body, 0, encoded, 1, this.body.length);
		return encoded;
	}

	/** A binary-mode body: the attribute line, then the data as they are. */
	static byte[] binaryBody(Map<String, String> attributes, byte[] data) {
		try {
			byte[] line = JSON.writeValueAsBytes(attributes);
			byte[] body = Arrays.copyOf(line, line.length + 1 + data.length);
			body[line.length] = '\n';
			System.arraycopy(data, 0, body, line.length + 1, data.length);
			return body;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the ledger's ingestion decodes from this input: a Kafka record read by
	 * {@link CloudEventReaders#fromKafka}, or an HTTP request read the way the ingestion
	 * endpoint reads it (a batch content type reads a batch).
	 */
	List<CloudEvent> read(CloudEventReaders readers) {
		return switch (this.channel) {
			case KAFKA_PLAIN -> List.of(readers.fromKafka(record(this.body, Map.of())));
			case KAFKA_NULL_VALUE -> List.of(readers.fromKafka(record(null, Map.of())));
			case KAFKA_STRUCTURED -> List.of(readers.fromKafka(record(this.body, withContentType("content-type"))));
			case KAFKA_BINARY -> {
				Map<String, String> headers = withContentType("content-type");
				Binary binary = binary();
				binary.attributes().forEach((name, value) -> headers.put("ce_" + name, value));
				yield List.of(readers.fromKafka(record(binary.data(), headers)));
			}
			case HTTP -> {
				boolean batch = String.valueOf(this.contentType)
					.toLowerCase(Locale.ROOT)
					.startsWith(HttpIngestionController.BATCH_CONTENT_TYPE);
				yield batch ? readers.batchFromHttp(this.body)
						: List.of(readers.fromHttp(withContentType("Content-Type"), this.body));
			}
			case HTTP_BINARY -> {
				Map<String, String> headers = withContentType("Content-Type");
				Binary binary = binary();
				binary.attributes().forEach((name, value) -> headers.put("ce-" + name, value));
				yield List.of(readers.fromHttp(headers, binary.data()));
			}
		};
	}

	private Map<String, String> withContentType(String header) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (this.contentType != null) {
			headers.put(header, this.contentType);
		}
		return headers;
	}

	private Binary binary() {
		int lineEnd = indexOf(this.body, (byte) '\n');
		if (lineEnd >= 0) {
			try {
				JsonNode line = JSON.readTree(Arrays.copyOf(this.body, lineEnd));
				if (line != null && line.isObject()) {
					Map<String, String> attributes = new LinkedHashMap<>();
					line.fields()
						.forEachRemaining((member) -> attributes.put(member.getKey(), member.getValue().isTextual()
								? member.getValue().textValue() : member.getValue().toString()));
					return new Binary(attributes, Arrays.copyOfRange(this.body, lineEnd + 1, this.body.length));
				}
			}
			catch (IOException ex) {
				// Not an attribute line: the whole body is data.
			}
		}
		return new Binary(DEFAULT_ATTRIBUTES, this.body);
	}

	private static int indexOf(byte[] bytes, byte wanted) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

	private static ConsumerRecord<byte[], byte[]> record(byte[] value, Map<String, String> headers) {
		ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("consent.events.v1", 0, 0L,
				"key".getBytes(StandardCharsets.UTF_8), value);
		headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
		return record;
	}

	/** How the body reaches the ledger. */
	enum Channel {

		/** Kafka, no headers: JSON as Kafka's console producer sends it. */
		KAFKA_PLAIN,

		/** Kafka, a tombstone: no value at all. */
		KAFKA_NULL_VALUE,

		/** Kafka, structured mode: the content type in a {@code content-type} header. */
		KAFKA_STRUCTURED,

		/** Kafka, binary mode: {@code ce_} headers and the data as the value. */
		KAFKA_BINARY,

		/** HTTP, structured mode or a batch, by the content type. */
		HTTP,

		/** HTTP, binary mode: {@code ce-} headers and the data as the body. */
		HTTP_BINARY

	}

	private record Binary(Map<String, String> attributes, byte[] data) {

		Binary {
			attributes = new LinkedHashMap<>(attributes);
		}

	}

	@Override
	public String toString() {
		return this.channel + " " + this.contentType + " " + new String(this.body, StandardCharsets.UTF_8);
	}

}
