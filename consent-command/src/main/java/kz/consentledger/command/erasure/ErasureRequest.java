package kz.consentledger.command.erasure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of an erasure: why ({@code reason}, required), on whose request
 * ({@code requestedBy}) and under which reference ({@code requestRef}, optional). The
 * reason is stored in clear in the erasure event, which outlives the key: it is the
 * operator's justification, not the subject's data (ADR 0025).
 */
record ErasureRequest(String reason, String requestedBy, String requestRef) {

	static final int MAX_REASON_LENGTH = 1000;

	static final int MAX_REF_LENGTH = 256;

	static final Set<String> REQUESTERS = Set.of("subject", "operator", "court", "authorised-body");

	private static final Set<String> PROPERTIES = Set.of("reason", "requestedBy", "requestRef");

	/** A control character, or a lone surrogate that UTF-8 cannot encode. */
	private static final Pattern UNSTORABLE = Pattern.compile("[\\p{Cc}&&[^\\t\\r\\n]]|\\p{Cs}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The request in {@code body}.
	 * @throws InvalidErasureException naming every bad field
	 */
	static ErasureRequest read(byte[] body) {
		JsonNode tree;
		try {
			tree = (body == null || body.length == 0) ? null : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidErasureException(List.of(new Violation("body", "not JSON: " + ex.getOriginalMessage())));
		}
		if (tree == null || !tree.isObject()) {
			throw new InvalidErasureException(
					List.of(new Violation("body", "a JSON object {reason, requestedBy, requestRef} is required")));
		}
		List<Violation> violations = new ArrayList<>();
		for (String name : tree.propertyNames()) {
			if (!PROPERTIES.contains(name)) {
				violations.add(new Violation(name, "unknown property (reason, requestedBy, requestRef)"));
			}
		}
		String reason = text(tree, "reason", true, MAX_REASON_LENGTH, violations);
		String requestedBy = text(tree, "requestedBy", true, MAX_REF_LENGTH, violations);
		if (requestedBy != null && !REQUESTERS.contains(requestedBy)) {
			violations.add(new Violation("requestedBy", "one of subject, operator, court, authorised-body"));
		}
		String requestRef = text(tree, "requestRef", false, MAX_REF_LENGTH, violations);
		if (!violations.isEmpty()) {
			throw new InvalidErasureException(violations);
		}
		return new ErasureRequest(reason, requestedBy, requestRef);
	}

	/** A storable text of at most {@code max} characters; null when absent. */
	static String text(JsonNode tree, String name, boolean required, int max, List<Violation> violations) {
		JsonNode node = tree.path(name);
		if (node.isMissingNode() || node.isNull()) {
			if (required) {
				violations.add(new Violation(name, "required"));
			}
			return null;
		}
		if (!node.isString()) {
			violations.add(new Violation(name, "must be a string"));
			return null;
		}
		String value = node.asString();
		String problem = problem(value, max);
		if (problem != null) {
			violations.add(new Violation(name, problem));
			return null;
		}
		return value;
	}

	/** What is wrong with a text of at most {@code max} characters, or null. */
	static String problem(String value, int max) {
		if (value.isBlank()) {
			return "must not be blank";
		}
		if (value.length() > max) {
			return "at most " + max + " characters";
		}
		if (UNSTORABLE.matcher(value).find()) {
			return "must not hold control characters";
		}
		return null;
	}

	/** One bad field and what is wrong with it. */
	record Violation(String field, String message) {
	}

}
