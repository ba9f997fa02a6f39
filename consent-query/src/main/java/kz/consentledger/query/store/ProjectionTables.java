package kz.consentledger.query.store;

/**
 * The schema a set of projection instances writes: {@code query}, the live projections
 * the API reads, or {@code query_rebuild}, the copy a rebuild replays into before it
 * takes their place (ADR 0027). The projections' SQL names its tables {@code query.
 *
<table>
 * }; {@link #sql} moves those names to this schema, so one projection class serves both.
 */
public record ProjectionTables(String schema) {

	/** The projections the API reads. */
	public static final ProjectionTables LIVE = new ProjectionTables("query");

	/** The shadow copy a rebuild replays into (V12__projection_rebuild.sql). */
	public static final ProjectionTables REBUILD = new ProjectionTables("query_rebuild");

	/** {@code statement} with its {@code query.} tables in this schema. */
	public String sql(String statement) {
		return statement.replace("query.", this.schema + ".");
	}

	/** {@code rows} writing this schema's table. */
	public UnnestedRows rows(UnnestedRows rows) {
		return rows.in(this);
	}

}
