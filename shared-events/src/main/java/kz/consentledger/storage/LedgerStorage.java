package kz.consentledger.storage;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * The stored form of the ledger: events as JSON written by Jackson 3 (ISO-8601 times,
 * readable by a regulator without Java), in {@code ledger.domain_event_entry} with
 * snake_case columns (created by the command service's Flyway migrations).
 */
public final class LedgerStorage {

	public static final String EVENT_TABLE = "ledger.domain_event_entry";

	public static final String SNAPSHOT_TABLE = "ledger.snapshot_event_entry";

	private LedgerStorage() {
	}

	/**
	 * The stream (aggregate identifier) of one subject at one operator; an operator's own
	 * stream (its policy versions) is its BIN alone.
	 */
	public static String subjectStream(String operator, String subject) {
		return operator + ":" + subject;
	}

	/** The operator of a stream: the BIN before the colon, or the whole id. */
	public static String operatorOf(String stream) {
		int colon = stream.indexOf(':');
		return (colon < 0) ? stream : stream.substring(0, colon);
	}

	/** The subject of a subject stream; null for an operator's own stream. */
	public static String subjectOf(String stream) {
		int colon = stream.indexOf(':');
		return (colon < 0) ? null : stream.substring(colon + 1);
	}

	/**
	 * Jackson 3 refuses polymorphic types under a base of {@code Object} by default, and
	 * Axon 4.13's {@code ReplayToken} has such a field (AxonFramework issue 4160):
	 * without this validator a projection reset leaves a token no processor can read.
	 * Only Axon's own classes are allowed.
	 */
	public static Serializer serializer() {
		return Jackson3Serializer.builder()
			.jsonMapperBuilderCustomizer((mapper) -> mapper.polymorphicTypeValidator(
					BasicPolymorphicTypeValidator.builder().allowIfSubType("org.axonframework.").build()))
			.build();
	}

	/**
	 * Axon's JDBC storage engine over the ledger's tables. Declared explicitly: Axon
	 * 4.13's JDBC auto-configuration waits for a DataSource by Spring Boot 3 class names
	 * and stays off on Boot 4.
	 */
	public static EventStorageEngine eventStorageEngine(ConnectionProvider connections,
			TransactionManager transactions) {
		return eventStorageEngineBuilder(connections, transactions).build();
	}

	/** The engine's configuration, for a service that extends the engine. */
	public static JdbcEventStorageEngine.Builder eventStorageEngineBuilder(ConnectionProvider connections,
			TransactionManager transactions) {
		Serializer serializer = serializer();
		return JdbcEventStorageEngine.builder()
			.connectionProvider(connections)
			.transactionManager(transactions)
			.schema(eventSchema())
			.eventSerializer(serializer)
			.snapshotSerializer(serializer)
			.persistenceExceptionResolver(new JdbcSQLErrorCodesResolver());
	}

	public static EventSchema eventSchema() {
		return EventSchema.builder()
			.eventTable(EVENT_TABLE)
			.snapshotTable(SNAPSHOT_TABLE)
			.globalIndexColumn("global_index")
			.timestampColumn("time_stamp")
			.eventIdentifierColumn("event_identifier")
			.aggregateIdentifierColumn("aggregate_identifier")
			.sequenceNumberColumn("sequence_number")
			.typeColumn("type")
			.payloadTypeColumn("payload_type")
			.payloadRevisionColumn("payload_revision")
			.payloadColumn("payload")
			.metaDataColumn("meta_data")
			.build();
	}

}
