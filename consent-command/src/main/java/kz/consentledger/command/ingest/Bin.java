package kz.consentledger.command.ingest;

/**
 * Kazakhstan's 12-digit BIN/IIN check digit: weights 1..11 mod 11; when that gives 10,
 * weights 3..11,1,2; a second 10 means the number is invalid.
 */
final class Bin {

	private static final int[] FIRST_WEIGHTS = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

	private static final int[] SECOND_WEIGHTS = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2 };

	private Bin() {
	}

	/** Null when valid, otherwise what is wrong. */
	static String problem(String value) {
		if (value == null || !isTwelveDigits(value)) {
			return "must be a 12-digit BIN";
		}
		int check = weightedSum(value, FIRST_WEIGHTS) % 11;
		if (check == 10) {
			check = weightedSum(value, SECOND_WEIGHTS) % 11;
			if (check == 10) {
				return "BIN " + value + " is invalid (no check digit exists for it)";
			}
		}
		int actual = value.charAt(11) - '0';
		return (actual == check) ? null : "BIN " + value + " has check digit " + actual + ", expected " + check;
	}

	/** A character loop: {@code String.matches} compiled a pattern for every event. */
	static boolean isTwelveDigits(String value) {
		if (value.length() != 12) {
			return false;
		}
		for (int i = 0; i < 12; i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	private static int weightedSum(String value, int[] weights) {
		int sum = 0;
		for (int i = 0; i < 11; i++) {
			sum += (value.charAt(i) - '0') * weights[i];
		}
		return sum;
	}

}
