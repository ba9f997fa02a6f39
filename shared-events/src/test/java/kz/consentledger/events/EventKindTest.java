package kz.consentledger.events;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stored event type has a kind of its own, and kinds name each other as the judged
 * type does.
 */
class EventKindTest {

	@Test
	void eachStoredEventTypeHasItsOwnKind() {
		List<EventKind> kinds = StoredEventJsonApprovalTest.events().map(EventKind::of).toList();
		assertThat(kinds).containsExactlyInAnyOrder(EventKind.values());
		assertThat(Arrays.stream(EventKind.values()).map(EventKind::id)).doesNotHaveDuplicates()
			.allMatch((id) -> id.matches("[a-z]+(-[a-z]+)+"));
		assertThat(EventKind.subjectKinds()).doesNotContain(EventKind.POLICY_PUBLISHED)
			.hasSize(EventKind.values().length - 1);
	}

}
