package kz.consentledger.query.store;

/**
 * A projection of the processor a rebuild replays. The Spring bean writes the live
 * tables; a rebuild registers a copy of it, the same handlers with the same
 * collaborators, writing the shadow tables ({@link ProjectionTables#REBUILD}) for a
 * processor of its own.
 */
public interface RebuildableProjection {

	/** The tables this instance writes. */
	ProjectionTables tables();

	/** A new instance of this projection writing {@code tables}. */
	RebuildableProjection writingTo(ProjectionTables tables);

}
