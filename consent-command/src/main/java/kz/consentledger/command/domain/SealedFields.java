package kz.consentledger.command.domain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import kz.consentledger.privacy.FieldSealer;
import kz.consentledger.replay.PositionedEvent;

/**
 * The names of the fields a subject's events hold sealed ({@code grantedBy.name},
 * {@code evidence.ipAddress}), as the stored JSON names them: what an erasure makes
 * unreadable. Read from the events themselves, so a new event type with sealed fields
 * needs no list kept beside it.
 */
final class SealedFields {

	private SealedFields() {
	}

	static List<String> of(Collection<PositionedEvent> events) {
		SortedSet<String> names = new TreeSet<>();
		events.forEach((positioned) -> collect(positioned.event(), "", names));
		return List.copyOf(names);
	}

	private static void collect(Object value, String path, SortedSet<String> names) {
		if (value instanceof String text) {
			if (FieldSealer.isSealed(text)) {
				names.add(path);
			}
		}
		else if (value instanceof Collection<?> items) {
			items.forEach((item) -> collect(item, path, names));
		}
		else if (value instanceof Record record) {
			for (RecordComponent component : record.getClass().getRecordComponents()) {
				collect(read(component, record),
						path.isEmpty() ? component.getName() : path + "." + component.getName(), names);
			}
		}
	}

	private static Object read(RecordComponent component, Record record) {
		try {
			return component.getAccessor().invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), ex);
		}
	}

}
