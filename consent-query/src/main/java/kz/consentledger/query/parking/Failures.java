package kz.consentledger.query.parking;

import kz.consentledger.service.store.DatabaseOutage;
import org.springframework.core.NestedExceptionUtils;

/**
 * Says why an event was parked in one line a person can read; whether a failure is the
 * database's own (retried, never parked) is {@link DatabaseOutage}'s to tell.
 */
final class Failures {

	/** Characters of a parked event's cause (Axon's column holds 1023). */
	static final int MAX_CAUSE_LENGTH = 1000;

	private Failures() {
	}

	/**
	 * The most specific cause as {@code Type: message}, on one line (control characters
	 * escaped, lone surrogates replaced), at most {@link #MAX_CAUSE_LENGTH} characters.
	 */
	static String describe(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_CAUSE_LENGTH));
		for (int i = 0; i < text.length() && line.length() < MAX_CAUSE_LENGTH - 8; i++) {
			char c = text.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			if (pair) {
				line.append(c).append(text.charAt(++i));
			}
			else if (Character.isSurrogate(c)) {
				line.append('\uFFFD');
			}
			else if (Character.isISOControl(c)) {
				line.append((c == '\n' || c == '\r') ? " " : String.format("\\u%04x", (int) c));
			}
			else {
				line.append(c);
			}
		}
		return (line.length() < text.length()) ? line.append(" [cut]").toString() : line.toString();
	}

}
