package kz.consentledger.query.export;

import kz.consentledger.events.EventKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The printable export labels every event kind in each of its languages. */
class BundleHtmlLabelsTest {

	@Test
	void everyKindHasALabelInEveryLanguage() {
		for (BundleHtml.Language language : BundleHtml.Language.values()) {
			for (EventKind kind : EventKind.values()) {
				assertThat(BundleHtml.label(kind.id(), language)).as(language + " " + kind.id()).isNotBlank();
			}
		}
	}

}
