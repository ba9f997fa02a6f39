package kz.consentledger.command.ingest;

import java.util.Random;
import java.util.regex.Pattern;

import com.networknt.schema.regex.RegularExpression;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remembered answer is the JDK's answer, for values seen before, values never seen and
 * values beyond the bound.
 */
class RememberedMatchesTest {

	private static final String VOCABULARY = "^[a-z0-9]+(-[a-z0-9]+)*$";

	@Test
	void answersAsTheJdkDoesBeforeAndAfterTheBound() {
		RegularExpression remembered = new RememberedMatches(50).getRegularExpression(VOCABULARY);
		Pattern jdk = Pattern.compile(VOCABULARY);
		Random random = new Random(7);
		String alphabet = "ab9-Z ";
		int matched = 0;
		for (int round = 0; round < 3; round++) {
			random.setSeed(7);
			for (int i = 0; i < 400; i++) {
				StringBuilder value = new StringBuilder();
				for (int n = random.nextInt(6); n >= 0; n--) {
					value.append(alphabet.charAt(random.nextInt(alphabet.length())));
				}
				boolean expected = jdk.matcher(value).find();
				assertThat(remembered.matches(value.toString())).as(value.toString()).isEqualTo(expected);
				matched += expected ? 1 : 0;
			}
		}
		// Both answers occur, so neither a constant true nor a constant false passes.
		assertThat(matched).isBetween(30, 1170);
	}

}
