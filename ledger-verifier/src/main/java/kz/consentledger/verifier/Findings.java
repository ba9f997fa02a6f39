package kz.consentledger.verifier;

import java.util.ArrayList;
import java.util.List;

/** What a verification found: passed checks, warnings and failures, in order. */
final class Findings {

	final List<String> passed = new ArrayList<>();

	final List<String> warnings = new ArrayList<>();

	final List<String> failures = new ArrayList<>();

	void pass(String message) {
		this.passed.add(message);
	}

	void warn(String message) {
		this.warnings.add(message);
	}

	void fail(String message) {
		this.failures.add(message);
	}

	/** Notes {@code passed} (when not null) or {@code failure}; returns {@code ok}. */
	boolean check(boolean ok, String passed, String failure) {
		if (ok && passed != null) {
			pass(passed);
		}
		if (!ok) {
			fail(failure);
		}
		return ok;
	}

}
