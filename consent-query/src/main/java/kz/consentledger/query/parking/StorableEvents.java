package kz.consentledger.query.parking;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import kz.consentledger.events.DataShared;
import kz.consentledger.events.Recipient;
import org.axonframework.eventhandling.EventMessage;

/**
 * What the projections' tables refuse, checked on an event before any projection buffers
 * a row of it: a refusal found at the batch's commit could not be pinned on one event.
 * Every string, time and date of the payload is checked wherever it sits, so a field
 * added later is covered too; the limits of named fields are those of the columns and
 * counter keys they are written to (db/migration/query).
 */
public final class StorableEvents {

	/** The earliest instant the projections store: year 1, which PostgreSQL knows. */
	static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	/**
	 * The first instant past the projections' window: times travel to PostgreSQL as
	 * ISO-8601 text, whose years have four digits.
	 */
	static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

	/**
	 * Characters of the fields written to columns of a bounded type
	 * (V1__projections.sql), or matched against them (a re-judgment names its judged
	 * entry by {@code source}, {@code event_id} and {@code entry_type}); a field is named
	 * by its path with {@code []} for any index.
	 */
	private static final Map<String, Integer> COLUMN_LENGTHS = Map.ofEntries(Map.entry("operator", 12),
			Map.entry("subject", 128), Map.entry("purposes[]", 64), Map.entry("purpose", 64),
			Map.entry("policyVersion", 128), Map.entry("version", 128), Map.entry("grantedBy.kind", 32),
			Map.entry("channel", 32), Map.entry("language", 8), Map.entry("mode", 16), Map.entry("validity", 32),
			Map.entry("verdict", 16), Map.entry("storageCountry", 2), Map.entry("provenance.source", 1024),
			Map.entry("provenance.eventId", 1024), Map.entry("judgedSource", 1024), Map.entry("judgedEventId", 1024),
			Map.entry("judgedType", 64));

	/**
	 * UTF-8 bytes of the values that become keys of the dashboard's counters, which a
	 * B-tree index holds: PostgreSQL refuses an index entry over 2704 bytes, at the fold,
	 * where it would stop the dashboard rather than one event. A disclosure's recipient
	 * is one key with all four of its fields.
	 */
	private static final int MAX_COUNTER_KEY_BYTES = 2400;

	/**
	 * The components of each record type, looked up once: reflection's own lookup builds
	 * them anew at every call, which was most of the check's time.
	 */
	private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {

		@Override
		protected List<Component> computeValue(Class<?> type) {
			return Arrays.stream(type.getRecordComponents()).map(Component::of).toList();
		}

	};

	private StorableEvents() {
	}

	/**
	 * @throws UnstorableEventException naming the first field the projections cannot
	 * store, and why
	 */
	public static void check(EventMessage<?> event) {
		instant("timestamp", event.getTimestamp());
		walk(event.getPayload(), "", "");
		if (event.getPayload() instanceof DataShared shared && shared.recipient() != null) {
			Recipient recipient = shared.recipient();
			counterKey("recipient", String.join("", nonNull(recipient.kind()), nonNull(recipient.id()),
					nonNull(recipient.name()), nonNull(recipient.country())));
		}
	}

	/**
	 * @param pattern the path with {@code []} for every index: what the limits name
	 */
	private static void walk(Object value, String path, String pattern) {
		if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>) {
			return;
		}
		if (value instanceof String text) {
			text(path, pattern, text);
		}
		else if (value instanceof Instant instant) {
			instant(path, instant);
		}
		else if (value instanceof LocalDate date) {
			instant(path, date.atStartOfDay().toInstant(ZoneOffset.UTC));
		}
		else if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				walk(item, path + "[" + i++ + "]", pattern + "[]");
			}
		}
		else if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				walk(key, path + "{key}", pattern + "{key}");
				walk(item, path + "." + key, pattern + "." + key);
			});
		}
		else if (value instanceof Record record) {
			for (Component component : COMPONENTS.get(record.getClass())) {
				walk(component.read(record), path.isEmpty() ? component.name() : path + "." + component.name(),
						pattern.isEmpty() ? component.name() : pattern + "." + component.name());
			}
		}
	}

	/** A record component: its name and its accessor. */
	private record Component(String name, MethodHandle accessor) {

		static Component of(RecordComponent component) {
			try {
				return new Component(component.getName(),
						MethodHandles.publicLookup()
							.unreflect(component.getAccessor())
							.asType(MethodType.methodType(Object.class, Object.class)));
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("cannot read " + component, ex);
			}
		}

		Object read(Record record) {
			try {
				return this.accessor.invokeExact((Object) record);
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException("cannot read " + this.name + " of " + record.getClass().getName(), ex);
			}
		}

	}

	private static void instant(String path, Instant instant) {
		if (instant != null && (instant.isBefore(EARLIEST) || !instant.isBefore(END))) {
			throw new UnstorableEventException(path, "is " + instant + ", outside the projections' window from "
					+ EARLIEST + " to " + END + " (PostgreSQL timestamps, four-digit years)");
		}
	}

	private static void text(String path, String pattern, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				throw new UnstorableEventException(path,
						"holds a NUL character (\\u0000) at index " + i + ", which PostgreSQL's text and jsonb refuse");
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new UnstorableEventException(path,
						"holds a lone surrogate at index " + i + ", which UTF-8 cannot encode");
			}
		}
		Integer max = COLUMN_LENGTHS.get(pattern);
		if (max != null && text.codePointCount(0, text.length()) > max) {
			throw new UnstorableEventException(path,
					"is " + text.codePointCount(0, text.length()) + " characters long; its column holds " + max);
		}
		if (pattern.equals("dataCategories[]")) {
			counterKey(path, text);
		}
	}

	private static void counterKey(String path, String text) {
		int bytes = text.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_COUNTER_KEY_BYTES) {
			throw new UnstorableEventException(path, "takes " + bytes + " bytes as a key of the dashboard's counters; "
					+ "their index holds " + MAX_COUNTER_KEY_BYTES);
		}
	}

	private static String nonNull(String text) {
		return (text != null) ? text : "";
	}

}
