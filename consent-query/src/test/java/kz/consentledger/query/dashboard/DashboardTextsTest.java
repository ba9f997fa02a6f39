package kz.consentledger.query.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kz.consentledger.events.EventKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's texts (static/ui/i18n.js) name every event kind and every activity
 * column in each of its languages: a kind added to the vocabulary fails here until the
 * dashboard can say it.
 */
class DashboardTextsTest {

	private static final List<String> LANGUAGES = List.of("kk", "ru", "en");

	@Test
	void everyKindAndActivityColumnHasATextInEveryLanguage() throws IOException {
		Map<String, String> texts = languages();
		assertThat(texts).containsOnlyKeys(LANGUAGES);
		for (Map.Entry<String, String> language : texts.entrySet()) {
			for (EventKind kind : EventKind.values()) {
				assertThat(language.getValue()).as(language.getKey() + " names " + kind.id())
					.contains("'t." + kind.id() + "':");
			}
			for (String column : Dashboard.ACTIVITY.values()) {
				assertThat(language.getValue()).as(language.getKey() + " names column " + column)
					.contains("'c." + column + "':");
			}
		}
		assertThat(Dashboard.ACTIVITY)
			.containsKeys(EventKind.subjectKinds().stream().map(EventKind::id).toArray(String[]::new));
	}

	/** Each language's block of i18n.js. */
	private static Map<String, String> languages() throws IOException {
		String script;
		try (InputStream in = DashboardTextsTest.class.getResourceAsStream("/static/ui/i18n.js")) {
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Map<String, String> blocks = new LinkedHashMap<>();
		Matcher start = Pattern.compile("(?m)^  (\\w+): \\{").matcher(script);
		String language = null;
		int from = 0;
		while (start.find()) {
			if (language != null) {
				blocks.put(language, script.substring(from, start.start()));
			}
			language = start.group(1);
			from = start.end();
		}
		blocks.put(language, script.substring(from));
		return blocks;
	}

}
