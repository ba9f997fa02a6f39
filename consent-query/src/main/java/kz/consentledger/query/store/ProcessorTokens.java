package kz.consentledger.query.store;

import java.time.Instant;
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

	/**
	 * The owner of a fenced processor's token rows during a rebuild (ADR 0027): no
	 * instance is, so none claims them and a batch in flight fails on its token.
	 */
	public static final String FENCE = "projection-rebuild";

	private final JdbcTemplate jdbc;

	private final Serializer serializer;

	ProcessorTokens(JdbcTemplate jdbc, Serializer serializer) {
		this.jdbc = jdbc;
		this.serializer = serializer;
	}

	/** Every segment of {@code processor}, by number; none before its first start. */
	public List<Segment> segments(String processor) {
		return this.jdbc.query(
				"SELECT segment, token, token_type, owner, time_stamp FROM query.token_entry "
						+ "WHERE processor_name = ? ORDER BY segment",
				(row, n) -> new Segment(row.getInt(1), position(row.getBytes(2), row.getString(3)), row.getString(4),
						instant(row.getString(5))),
				processor);
	}

	/**
	 * The position every segment of {@code processor} has reached: the lowest of theirs;
	 * -1 when it has none yet.
	 */
	public long position(String processor) {
		return segments(processor).stream().mapToLong(Segment::position).min().orElse(-1);
	}

	/** Axon writes the claim's time as ISO-8601; anything else counts as long ago. */
	private static Instant instant(String timestamp) {
		try {
			return Instant.parse(timestamp);
		}
		catch (RuntimeException ex) {
			return Instant.EPOCH;
		}
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
	 * @param claimedAt when the owner last stored the token or extended its claim
	 */
	public record Segment(int segment, long position, String owner, Instant claimedAt) {

		/**
		 * Nobody works on it: no owner, the rebuild's fence (a switch that does not come
		 * leaves it there), or an owner that has not extended its claim within Axon's
		 * claim timeout (it died, or lost its database connection).
		 */
		public boolean orphaned(Instant now) {
			return this.owner == null || FENCE.equals(this.owner)
					|| this.claimedAt.plus(TokenStoreConfiguration.CLAIM_TIMEOUT).isBefore(now);
		}

	}

}
