package kz.consentledger.command.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The contract's schema patterns, with the answers for values already seen remembered.
 * The patterns mostly check vocabulary values, BINs and country codes, which repeat in
 * nearly every event, and running them again was a sixth of the ingestion threads' time.
 * A match depends only on the pattern and the value, so a remembered answer is always the
 * one the JDK would give. Each pattern remembers a bounded number of values: unique ones
 * (evidence hashes) only fill it up, after which they are matched every time.
 */
final class RememberedMatches implements RegularExpressionFactory {

	private final int valuesPerPattern;

	RememberedMatches(int valuesPerPattern) {
		this.valuesPerPattern = valuesPerPattern;
	}

	@Override
	public RegularExpression getRegularExpression(String regex) {
		RegularExpression pattern = JDKRegularExpressionFactory.getInstance().getRegularExpression(regex);
		Map<String, Boolean> answers = new ConcurrentHashMap<>();
		return (value) -> {
			Boolean known = answers.get(value);
			if (known != null) {
				return known;
			}
			boolean matches = pattern.matches(value);
			if (answers.size() < this.valuesPerPattern) {
				answers.put(value, matches);
			}
			return matches;
		};
	}

}
