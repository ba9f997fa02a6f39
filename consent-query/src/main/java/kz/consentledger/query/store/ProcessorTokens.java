package kz.consentledger.query.store;

import java.util.List;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A processor's segments as the token store holds them, whichever query instance claims
 * them. An instance's own processor knows only the segments it claims; with several
 * instances, where the projections stand is in the database.
 */
@Component
public class ProcessorTokens {

	private final JdbcTemplate jdbc;

	private final Serializer serializer;

	ProcessorTokens(JdbcTemplate jdbc, Serializer serializer) {
		this.jdbc = jdbc;
		this.serializer = serializer;
	}

	/** Every segment of {@code processor}, by number; none before its first start. */
	public List<Segment> segments(String processor) {
		return this.jdbc.query(
				"SELECT segment, token, token_type, owner FROM query.token_entry WHERE processor_name = ? "
						+ "ORDER BY segment",
				(row, n) -> new Segment(row.getInt(1), position(row.getBytes(2), row.getString(3)), row.getString(4)),
				processor);
	}

	/**
	 * The position every segment of {@code processor} has reached: the lowest of theirs;
	 * -1 when it has none yet.
	 */
	public long position(String processor) {
		return segments(processor).stream().mapToLong(Segment::position).min().orElse(-1);
	}

	private long position(byte[] token, String type) {
		if (token == null) {
			return -1;
		}
		TrackingToken tracking = this.serializer
			.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
		return (tracking != null) ? tracking.position().orElse(-1) : -1;
	}

	/**
	 * @param position the global index of the event store the segment has handled, -1
	 * before any
	 * @param owner the query instance that claims it
	 * ({@link TokenStoreConfiguration#NODE} of that instance), null while nobody does
	 */
	public record Segment(int segment, long position, String owner) {
	}

}
