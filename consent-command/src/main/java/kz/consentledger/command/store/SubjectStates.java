package kz.consentledger.command.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.command.domain.SubjectConsent;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.SubjectEvent;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The subjects' decision states for a batch: taken from a bounded cache of recently used
 * subjects, or sourced, all of a batch's other subjects in one query. A batch owns the
 * states it takes (they leave the cache) and gives them back only once it has committed:
 * a batch that fails or rolls back leaves nothing half-decided in the cache, and one that
 * decides a subject another batch holds sources it from the store and loses the race on
 * the store's unique (stream, sequence) key if both append (the append is tried again).
 * So the cache never decides an outcome.
 * <p>
 * Sourcing reads what the fold needs only: the payloads of grants and withdrawals, the
 * time and purpose stored beside a disclosure (ADR 0019), and the sequence numbers of the
 * rest.
 */
@Component
public class SubjectStates {

	private static final String GRANTED = ConsentGranted.class.getName();

	private static final String WITHDRAWN = ConsentWithdrawn.class.getName();

	private static final String SHARED = DataShared.class.getName();

	/**
	 * A disclosure stored before its time and purpose were kept beside it is read from
	 * its payload.
	 */
	private static final String SOURCE = """
			SELECT aggregate_identifier, sequence_number, payload_type, payload_revision,
			  CASE WHEN payload_type IN (?, ?) OR (payload_type = ?
			    AND position(convert_to('"%s"', 'UTF8') IN coalesce(meta_data, ''::bytea)) = 0) THEN payload END,
			  CASE WHEN payload_type = ? THEN meta_data END
			FROM ledger.domain_event_entry WHERE aggregate_identifier = ANY (?)
			ORDER BY aggregate_identifier, sequence_number""".formatted(SubjectConsent.OCCURRED_AT);

	private final JdbcTemplate jdbc;

	private final Serializer serializer;

	private final Map<String, SubjectConsent> cache;

	SubjectStates(JdbcTemplate jdbc, Serializer serializer, LedgerProperties properties) {
		this.jdbc = jdbc;
		this.serializer = serializer;
		int capacity = properties.store().aggregateCacheEntries();
		this.cache = new LinkedHashMap<>(1024, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, SubjectConsent> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * The states of these subject streams, owned by the caller until it {@link #keep
	 * keeps} them: from the cache, or sourced from the store (an empty state for a stream
	 * with no event).
	 */
	public Map<String, SubjectConsent> take(Collection<String> streams) {
		Map<String, SubjectConsent> taken = new HashMap<>();
		synchronized (this.cache) {
			for (String stream : streams) {
				SubjectConsent cached = this.cache.remove(stream);
				if (cached != null) {
					taken.put(stream, cached);
				}
			}
		}
		List<String> uncached = streams.stream().filter((stream) -> !taken.containsKey(stream)).distinct().toList();
		uncached.forEach((stream) -> taken.put(stream, new SubjectConsent(stream)));
		if (!uncached.isEmpty()) {
			source(uncached, taken);
		}
		return taken;
	}

	/**
	 * Gives back the states of a committed batch. A state another batch committed further
	 * meanwhile stays.
	 */
	public void keep(Collection<SubjectConsent> states) {
		synchronized (this.cache) {
			for (SubjectConsent state : states) {
				this.cache.merge(state.id(), state,
						(kept, mine) -> (kept.lastSequence() >= mine.lastSequence()) ? kept : mine);
			}
		}
	}

	private void source(List<String> streams, Map<String, SubjectConsent> states) {
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(SOURCE);
			statement.setString(1, GRANTED);
			statement.setString(2, WITHDRAWN);
			statement.setString(3, SHARED);
			statement.setString(4, SHARED);
			statement.setArray(5, connection.createArrayOf("varchar", streams.toArray()));
			return statement;
		}, (row) -> {
			SubjectConsent state = states.get(row.getString(1));
			long sequence = row.getLong(2);
			byte[] payload = row.getBytes(5);
			byte[] metadata = row.getBytes(6);
			if (payload != null) {
				SubjectEvent event = this.serializer.deserialize(
						new SimpleSerializedObject<>(payload, byte[].class, row.getString(3), row.getString(4)));
				state.evolve(sequence, event);
			}
			else if (metadata != null) {
				MetaData beside = this.serializer.deserialize(new SerializedMetaData<>(metadata, byte[].class));
				state.disclosed(sequence, Instant.parse(beside.get(SubjectConsent.OCCURRED_AT).toString()),
						beside.get(SubjectConsent.PURPOSE).toString());
			}
			else {
				state.passed(sequence);
			}
		});
	}

}
