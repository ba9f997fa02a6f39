package kz.consentledger.deploy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@link HostileInputEndToEndTest} sends, generated from a seeded {@link Random} so
 * that a failure reproduces: valid events of every type of the contract for many
 * subjects, and records wrong in each way issue 25 found or the contract forbids. Each
 * {@link Hostility} turns a valid event into a {@link Payload}: a value (or body) and the
 * headers a producer would send with it.
 */
final class HostileInputs {

	static final String OPERATOR = ExampleStory.OPERATOR;

	private static final String RAW = "@@raw@@";

	private static final List<String> SUBJECT_EVENTS = List.of("granted.json", "data-shared.json", "withdrawn.json",
			"withdrawn-refused.json", "data-shared-violation.json", "data-shared-state-request.json",
			"policy-accepted.json", "granted-by-representative.json");

	private final Random random;

	HostileInputs(long seed) {
		this.random = new Random(seed);
	}

	Random random() {
		return this.random;
	}

	/** The operator's policy, which every subject's events refer to. */
	static ObjectNode policy() {
		return ExampleStory.json("policy-published.json");
	}

	/**
	 * A valid event about {@code subject}: a grant first, then any type of the story.
	 */
	ObjectNode valid(String id, String subject, boolean first) {
		String file = first ? "granted.json" : SUBJECT_EVENTS.get(this.random.nextInt(SUBJECT_EVENTS.size()));
		ObjectNode event = ExampleStory.json(file);
		event.put("id", id);
		event.put("source", "//hostile.test/" + file.replace(".json", ""));
		event.put("subject", subject);
		event.put("time", time(this.random));
		return event;
	}

	/** A random time of 2026, with an offset, as producers write it. */
	static String time(Random random) {
		return Instant.parse("2026-01-01T00:00:00Z")
			.plusSeconds(random.nextInt(365 * 24 * 3600))
			.atOffset(ZoneOffset.ofHours(5))
			.toString();
	}

	/** A value and the headers sent with it; a {@code null} value is a tombstone. */
	record Payload(byte[] value, Map<String, String> headers) {

		static Payload of(byte[] value) {
			return new Payload(value, Map.of());
		}

		static Payload of(String value) {
			return of(utf8(value));
		}

		Payload withHeader(String name, String text) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, text);
			return new Payload(this.value, headers);
		}

	}

	/**
	 * Each way a record can be wrong that the command service must reject as malformed;
	 * the rest (too large, conflicting, forbidden) depend on the test's own state.
	 */
	enum Hostility {

		JSON_NULL {
			@Override
			Payload make(Random random, ObjectNode event) {
				Payload payload = Payload.of("null");
				return random.nextBoolean() ? payload.withHeader("content-type", "application/cloudevents+json")
						: payload;
			}
		},
		NOT_AN_OBJECT {
			@Override
			Payload make(Random random, ObjectNode event) {
				return Payload.of(pick(random, "[]", "[" + ExampleStory.JSON.writeValueAsString(event) + "]", "42",
						"\"granted\"", "true", "{}"));
			}
		},
		BINARY_GARBAGE {
			@Override
			Payload make(Random random, ObjectNode event) {
				byte[] garbage = new byte[1 + random.nextInt(2000)];
				random.nextBytes(garbage);
				return Payload.of(garbage);
			}
		},
		INVALID_UTF8 {
			@Override
			Payload make(Random random, ObjectNode event) {
				byte[] invalid = pick(random, new byte[] { (byte) 0xc3, '(' }, new byte[] { (byte) 0x80 },
						new byte[] { (byte) 0xff, (byte) 0xfe }, new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 });
				ObjectNode copy = event.deepCopy();
				copy.put("subject", RAW);
				byte[] text = ExampleStory.JSON.writeValueAsBytes(copy);
				return Payload.of(splice(text, utf8(RAW), invalid));
			}
		},
		EMPTY_VALUE {
			@Override
			Payload make(Random random, ObjectNode event) {
				Payload payload = Payload.of(new byte[0]);
				return random.nextBoolean() ? payload.withHeader("content-type", "application/cloudevents+json")
						: payload;
			}
		},
		/** A Kafka tombstone; over HTTP, no body. */
		NO_VALUE {
			@Override
			Payload make(Random random, ObjectNode event) {
				return new Payload(null, Map.of());
			}
		},
		WRONG_CE_HEADERS {
			@Override
			Payload make(Random random, ObjectNode event) {
				Map<String, String> headers = new LinkedHashMap<>();
				for (String attribute : List.of("specversion", "id", "source", "type", "subject", "time")) {
					headers.put("ce_" + attribute, event.path(attribute).asString());
				}
				headers.put("content-type", "application/json");
				switch (random.nextInt(6)) {
					case 0 -> headers.put("ce_specversion", "0.3");
					case 1 -> headers.remove("ce_id");
					case 2 -> headers.put("ce_time", "yesterday");
					case 3 -> headers.put("ce_type", "kz.consent.teleported.v1");
					case 4 -> headers.put("ce_source", "not a uri\\");
					default -> headers.put("ce_time", "+999999999-12-31T23:59:59Z");
				}
				return new Payload(ExampleStory.JSON.writeValueAsBytes(event.path("data")), headers);
			}
		},
		SPECVERSION {
			@Override
			Payload make(Random random, ObjectNode event) {
				return edited(event, (copy) -> copy.put("specversion", pick(random, "0.3", "1.1", "", "1")));
			}
		},
		TIME_OUT_OF_WINDOW {
			@Override
			Payload make(Random random, ObjectNode event) {
				return edited(event, (copy) -> copy.put("time", pick(random, "+999999999-12-31T23:59:59Z",
						"-0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "3000-01-01T00:00:00Z")));
			}
		},
		TIMESTAMP_IN_DATA_OUT_OF_WINDOW {
			@Override
			Payload make(Random random, ObjectNode event) {
				boolean grant = random.nextBoolean();
				ObjectNode copy = grant ? ExampleStory.json("granted.json") : policy();
				copy.put("id", event.path("id").asString());
				((ObjectNode) copy.path("data")).put(grant ? "expiresAt" : "effectiveAt",
						pick(random, "+999999999-12-31T23:59:59Z", "-0001-01-01T00:00:00Z"));
				return Payload.of(ExampleStory.JSON.writeValueAsBytes(copy));
			}
		},
		NUL_CHARACTER {
			@Override
			Payload make(Random random, ObjectNode event) {
				return somewhere(random, event, "\\u0000");
			}
		},
		LONE_SURROGATE {
			@Override
			Payload make(Random random, ObjectNode event) {
				return somewhere(random, event, pick(random, "\\ud800", "\\udfff", "x\\udbff"));
			}
		},
		CONTROL_IN_IDENTIFIER {
			@Override
			Payload make(Random random, ObjectNode event) {
				String field = pick(random, "id", "source", "subject");
				String control = pick(random, "\n", "\r\n", "\u0007", "\u001b[31m", "\t");
				return edited(event, (copy) -> copy.put(field, copy.path(field).asString() + control));
			}
		},
		BLANK_SUBJECT {
			@Override
			Payload make(Random random, ObjectNode event) {
				return edited(event, (copy) -> copy.put("subject", pick(random, "   ", " ", "\u2003\u2003")));
			}
		},
		DEEP_NESTING {
			@Override
			Payload make(Random random, ObjectNode event) {
				int depth = pick(random, 33, 100, 600, 1200);
				String nested = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
						: "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
				return raw(event, "extra", nested);
			}
		},
		DUPLICATE_KEYS {
			@Override
			Payload make(Random random, ObjectNode event) {
				String text = ExampleStory.JSON.writeValueAsString(event);
				String duplicated = switch (random.nextInt(3)) {
					case 0 -> text.replace("\"operator\":\"" + OPERATOR + "\"",
							"\"operator\":\"" + OPERATOR + "\",\"operator\":\"990340005977\"");
					case 1 -> text.replaceFirst("\\{", "{\"id\":\"first\",");
					default -> text.replaceFirst("\\{", "{\"subject\":\"someone-else\",");
				};
				return Payload.of(duplicated);
			}
		},
		TRAILING_CONTENT {
			@Override
			Payload make(Random random, ObjectNode event) {
				String text = ExampleStory.JSON.writeValueAsString(event);
				return Payload.of(text + pick(random, " {}", "garbage", "\n" + text, "]", " null"));
			}
		},
		HUGE_NUMBER {
			@Override
			Payload make(Random random, ObjectNode event) {
				return raw(event, "extra", pick(random, "1e999999", "-1e999999", "9".repeat(5000)));
			}
		},
		LONG_IDENTIFIER {
			@Override
			Payload make(Random random, ObjectNode event) {
				String field = pick(random, "id", "source", "subject");
				int length = 257 + random.nextInt(3000);
				return edited(event, (copy) -> copy.put(field, "//" + "x".repeat(length)));
			}
		},
		TOO_MANY_ITEMS {
			@Override
			Payload make(Random random, ObjectNode event) {
				ObjectNode grant = ExampleStory.json("granted.json");
				grant.put("id", event.path("id").asString());
				ArrayNode purposes = ((ObjectNode) grant.path("data")).putArray("purposes");
				int count = 101 + random.nextInt(2000);
				for (int i = 0; i < count; i++) {
					purposes.add("purpose-" + i);
				}
				return Payload.of(ExampleStory.JSON.writeValueAsBytes(grant));
			}
		},
		WRONG_TYPES {
			@Override
			Payload make(Random random, ObjectNode event) {
				return switch (random.nextInt(4)) {
					case 0 -> raw(event, "time", "1790000000");
					case 1 -> edited(event, (copy) -> copy.put("data", "{}"));
					case 2 -> edited(event, (copy) -> copy.putNull("data"));
					default -> raw(event, "id", "7");
				};
			}
		};

		abstract Payload make(Random random, ObjectNode event);

		private static Payload edited(ObjectNode event, java.util.function.Consumer<ObjectNode> change) {
			ObjectNode copy = event.deepCopy();
			change.accept(copy);
			return Payload.of(ExampleStory.JSON.writeValueAsBytes(copy));
		}

		/** {@code json} (raw JSON text) as the value of a top-level or data field. */
		private static Payload raw(ObjectNode event, String field, String json) {
			ObjectNode copy = event.deepCopy();
			(field.equals("extra") ? (ObjectNode) copy.path("data") : copy).put(field, RAW);
			return Payload.of(ExampleStory.JSON.writeValueAsString(copy).replace("\"" + RAW + "\"", json));
		}

		/** {@code escape} (a JSON escape) inside some string of the event. */
		private static Payload somewhere(Random random, ObjectNode event, String escape) {
			String field = pick(random, "id", "subject", "data.policyVersion", "data.note", "data.purposes",
					"data.channel");
			ObjectNode copy = event.deepCopy();
			ObjectNode data = (ObjectNode) copy.path("data");
			switch (field) {
				case "id", "subject" -> copy.put(field, "a" + RAW);
				case "data.purposes" -> data.putArray("purposes").add("marketing").add("x" + RAW);
				default -> data.put(field.substring(5), "v" + RAW);
			}
			return Payload.of(ExampleStory.JSON.writeValueAsString(copy).replace(RAW, escape));
		}

	}

	@SafeVarargs
	static <T> T pick(Random random, T... values) {
		return values[random.nextInt(values.length)];
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] splice(byte[] text, byte[] marker, byte[] replacement) {
		for (int at = 0; at + marker.length <= text.length; at++) {
			if (java.util.Arrays.equals(text, at, at + marker.length, marker, 0, marker.length)) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				out.write(text, 0, at);
				out.writeBytes(replacement);
				out.write(text, at + marker.length, text.length - at - marker.length);
				return out.toByteArray();
			}
		}
		throw new IllegalArgumentException("no marker");
	}

}
