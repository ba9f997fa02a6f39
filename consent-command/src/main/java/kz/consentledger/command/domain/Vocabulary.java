package kz.consentledger.command.domain;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import kz.consentledger.events.Recipient;

/**
 * The words consents repeat (purposes, categories, policy versions, recipients,
 * countries), held once per JVM: each event read from the store brings its own copies,
 * and the 100,000 subjects the command service caches keep them. At 2,400,000 events the
 * copies were 180 MB of its 512 MB heap. The JVM's string table lets unused ones go.
 */
final class Vocabulary {

	private Vocabulary() {
	}

	static String of(String word) {
		return (word != null) ? word.intern() : null;
	}

	static List<String> of(List<String> words) {
		return words.stream().map(Vocabulary::of).toList();
	}

	static Set<String> setOf(List<String> words) {
		return words.stream().map(Vocabulary::of).collect(Collectors.toUnmodifiableSet());
	}

	static Recipient of(Recipient recipient) {
		return new Recipient(of(recipient.id()), of(recipient.name()), of(recipient.kind()), of(recipient.country()));
	}

}
