package kz.consentledger.query.parking;

import java.util.List;

import kz.consentledger.query.consent.CurrentConsentProjection;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The projections' processor parks what it cannot apply in Axon's sequenced dead-letter
 * queue, {@code query.dead_letter_entry} (V6__dead_letters.sql), in the processor's own
 * transaction. A sequence is an event stream (Axon's default sequencing: the aggregate
 * identifier, {@code operator:subject} or an operator's policy stream), so a parked event
 * holds back its own subject only.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionDeadLetters {

	/** The processor whose events are parked. */
	static final String PROCESSOR = CurrentConsentProjection.GROUP;

	/**
	 * The processor a rebuild replays with into the shadow tables (consent-query.yml, ADR
	 * 0026).
	 */
	static final String REBUILD = PROCESSOR + "-rebuild";

	/**
	 * Axon's bounds are 1024 sequences of 1024 events; a full queue fails the batch,
	 * which is the stall parking is there to avoid. A store that already holds many
	 * unstorable events, or a subject that keeps sending behind a parked one, must fit.
	 */
	private static final int MAX_SEQUENCES = 1_000_000;

	private static final int MAX_SEQUENCE_SIZE = 1_000_000;

	/**
	 * The same parking for the live processor and for the one a rebuild replays with
	 * (each its own group in the queue, its own retry state): the rebuild's parked events
	 * become the live ones when it takes over (ADR 0027).
	 */
	@Bean
	ConfigurerModule projectionDeadLetterQueue(ConnectionProvider connections, TransactionManager transactions,
			PlatformTransactionManager platformTransactions) {
		return (configurer) -> {
			for (String processor : List.of(PROCESSOR, REBUILD)) {
				parkFailures(configurer.eventProcessing(), processor, connections, transactions,
						new EventByEventRetry(platformTransactions));
			}
		};
	}

	private static void parkFailures(EventProcessingConfigurer processing, String processor,
			ConnectionProvider connections, TransactionManager transactions, EventByEventRetry eventByEvent) {
		processing
			.registerDeadLetterQueue(processor,
					(config) -> JdbcSequencedDeadLetterQueue.builder()
						.processingGroup(processor)
						.connectionProvider(connections)
						.transactionManager(transactions)
						.schema(schema())
						.genericSerializer(config.serializer())
						.eventSerializer(config.eventSerializer())
						.maxSequences(MAX_SEQUENCES)
						.maxSequenceSize(MAX_SEQUENCE_SIZE)
						.build())
			.registerDeadLetterPolicy(processor, (config) -> new ParkingPolicy())
			// The cache spares a lookup of the queue per event while nothing of a
			// segment's
			// sequences is parked.
			.registerDeadLetteringEventHandlerInvokerConfiguration(processor,
					(config, invoker) -> invoker.enableSequenceIdentifierCache())
			// A handler's failure must reach the dead-letter queue: Axon's default logs
			// and drops it.
			.registerListenerInvocationErrorHandler(processor, (config) -> PropagatingErrorHandler.instance())
			.registerHandlerInterceptor(processor, (config) -> eventByEvent);
	}

	/** Axon's layout with the project's snake_case names. */
	static DeadLetterSchema schema() {
		return DeadLetterSchema.builder()
			.deadLetterTable("query.dead_letter_entry")
			.deadLetterIdentifierColumn("dead_letter_id")
			.processingGroupColumn("processing_group")
			.sequenceIdentifierColumn("sequence_identifier")
			.sequenceIndexColumn("sequence_index")
			.messageTypeColumn("message_type")
			.eventIdentifierColumn("event_identifier")
			.timestampColumn("time_stamp")
			.payloadTypeColumn("payload_type")
			.payloadRevisionColumn("payload_revision")
			.payloadColumn("payload")
			.metaDataColumn("meta_data")
			.aggregateTypeColumn("type")
			.aggregateIdentifierColumn("aggregate_identifier")
			.sequenceNumberColumn("sequence_number")
			.tokenTypeColumn("token_type")
			.tokenColumn("token")
			.enqueuedAtColumn("enqueued_at")
			.lastTouchedColumn("last_touched")
			.processingStartedColumn("processing_started")
			.causeTypeColumn("cause_type")
			.causeMessageColumn("cause_message")
			.diagnosticsColumn("diagnostics")
			.build();
	}

}
