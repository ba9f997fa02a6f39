package kz.consentledger.command.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cloudevents.jackson.JsonFormat;

/**
 * What fits in the ledger: the bounds of contract v1 that a JSON Schema cannot say for
 * the envelope and for the properties it does not know (docs/event-catalogue-input.md,
 * "Limits"). Whatever passes them can be stored by both services: every time lies in a
 * window that Java's {@code Instant}, the working-day calendar and PostgreSQL's
 * {@code timestamptz} all hold, and no string holds what PostgreSQL's {@code text} and
 * {@code jsonb} refuse (NUL) or what UTF-8 cannot encode (a lone surrogate).
 */
public final class ContractLimits {

	/** The earliest {@code time} (or timestamp inside data) the contract accepts. */
	public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	/**
	 * The first instant past the window: years have four digits, and a stop date computed
	 * from the latest withdrawal still fits.
	 */
	public static final Instant END = Instant.parse("3000-01-01T00:00:00Z");

	/** Levels of objects and arrays inside {@code data}. */
	public static final int MAX_DEPTH = 32;

	/** Characters of any string or property name inside {@code data}. */
	public static final int MAX_STRING_LENGTH = 8192;

	/** Elements of any array inside {@code data} that its schema does not bound lower. */
	public static final int MAX_ARRAY_ITEMS = 1000;

	/** Characters of the envelope's {@code id} and {@code source}. */
	public static final int MAX_ID_LENGTH = 256;

	/** Characters of the envelope's {@code subject}. */
	public static final int MAX_SUBJECT_LENGTH = 128;

	/** Events in one HTTP batch. */
	public static final int MAX_BATCH_EVENTS = 1000;

	/** Violations a rejection lists; the rest are counted. */
	public static final int MAX_LISTED_VIOLATIONS = 100;

	/** Characters of one violation's message (a value quoted in it is cut). */
	public static final int MAX_MESSAGE_LENGTH = 300;

	/**
	 * The parser's own bound, above {@link #MAX_DEPTH} so that the envelope fits around
	 * it.
	 */
	private static final int PARSER_MAX_DEPTH = MAX_DEPTH + 8;

	private ContractLimits() {
	}

	/**
	 * A Jackson 2 mapper that refuses what the contract forbids while it parses:
	 * duplicate keys, content after the JSON value, deeper nesting than
	 * {@link #MAX_DEPTH} allows, and absurd numbers and strings; it reads CloudEvents in
	 * structured mode too, so the envelope gets the same rules as the data.
	 */
	public static ObjectMapper strictJson() {
		JsonFactory factory = JsonFactory.builder()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(PARSER_MAX_DEPTH)
				.maxNumberLength(64)
				.maxStringLength(4 * 1024 * 1024)
				.build())
			.build();
		return JsonMapper.builder(factory)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.addModule(JsonFormat.getCloudEventJacksonModule())
			.build();
	}

	/** Whether {@code time} lies in [{@link #EARLIEST}, {@link #END}). */
	public static boolean inWindow(OffsetDateTime time) {
		Instant instant = time.toInstant();
		return !instant.isBefore(EARLIEST) && instant.isBefore(END);
	}

	public static String windowText() {
		return "between " + EARLIEST + " and " + END + " (exclusive)";
	}

	/**
	 * What is wrong with a text that must be stored as it is: {@code null} when nothing.
	 * @param identifier identifiers refuse every control character; free text keeps tabs
	 * and line breaks
	 */
	public static String textProblem(String text, boolean identifier) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				return "contains a NUL character (\\u0000) at index " + i;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
					continue;
				}
				return "contains a lone surrogate at index " + i + ": not encodable as UTF-8";
			}
			if (Character.isLowSurrogate(c)) {
				return "contains a lone surrogate at index " + i + ": not encodable as UTF-8";
			}
			if ((c < 0x20 || c == 0x7f) && (identifier || (c != '\t' && c != '\n' && c != '\r'))) {
				return String.format("contains the control character \\u%04x at index %d", (int) c, i);
			}
		}
		return null;
	}

	/**
	 * Adds a violation for everything in {@code data} that could not be stored or read
	 * back: nesting beyond {@link #MAX_DEPTH}, over-long strings and property names,
	 * unstorable characters, too many array elements, and numbers that are not finite.
	 */
	public static void checkTree(JsonNode data, String path, List<Violation> violations) {
		checkNode(data, path, 0, violations);
	}

	private static void checkNode(JsonNode node, String path, int depth, List<Violation> violations) {
		if (violations.size() > MAX_LISTED_VIOLATIONS) {
			return;
		}
		if (node.isTextual()) {
			checkText(node.textValue(), path, violations);
		}
		else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
			violations.add(new Violation(path, "is a number outside the range of a double"));
		}
		else if (node.isContainerNode()) {
			if (depth >= MAX_DEPTH) {
				violations.add(new Violation(path, "nests deeper than " + MAX_DEPTH + " levels"));
				return;
			}
			if (node.isArray()) {
				if (node.size() > MAX_ARRAY_ITEMS) {
					violations.add(new Violation(path, "has " + node.size() + " elements; at most " + MAX_ARRAY_ITEMS));
					return;
				}
				for (int i = 0; i < node.size(); i++) {
					checkNode(node.get(i), path + "[" + i + "]", depth + 1, violations);
				}
			}
			else {
				for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
					Map.Entry<String, JsonNode> field = fields.next();
					String name = field.getKey();
					String problem = (name.length() > MAX_STRING_LENGTH) ? "is longer than " + MAX_STRING_LENGTH
							: textProblem(name, true);
					if (problem != null) {
						violations.add(new Violation(path, "has a property name that " + problem));
						continue;
					}
					checkNode(field.getValue(), path + "." + name, depth + 1, violations);
				}
			}
		}
	}

	private static void checkText(String text, String path, List<Violation> violations) {
		if (text.length() > MAX_STRING_LENGTH) {
			violations
				.add(new Violation(path, "is " + text.length() + " characters long; at most " + MAX_STRING_LENGTH));
			return;
		}
		String problem = textProblem(text, false);
		if (problem != null) {
			violations.add(new Violation(path, problem));
		}
	}

	/**
	 * One line a person can read: control characters escaped, at most
	 * {@link #MAX_MESSAGE_LENGTH} characters.
	 */
	public static String oneLine(String text) {
		StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_LENGTH) + 8);
		for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE_LENGTH; i++) {
			char c = text.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			if (pair) {
				out.append(c).append(text.charAt(++i));
			}
			else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		if (out.length() >= MAX_MESSAGE_LENGTH && text.length() > MAX_MESSAGE_LENGTH) {
			out.setLength(MAX_MESSAGE_LENGTH);
			out.append('…');
		}
		return out.toString();
	}

}
