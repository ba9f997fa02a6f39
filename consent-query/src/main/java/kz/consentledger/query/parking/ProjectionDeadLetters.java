package kz.consentledger.query.parking;

import kz.consentledger.query.consent.CurrentConsentProjection;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
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
	 * Axon's bounds are 1024 sequences of 1024 events; a full queue fails the batch,
	 * which is the stall parking is there to avoid. A store that already holds many
	 * unstorable events, or a subject that keeps sending behind a parked one, must fit.
	 */
	private static final int MAX_SEQUENCES = 1_000_000;

	private static final int MAX_SEQUENCE_SIZE = 1_000_000;

	@Bean
	ConfigurerModule projectionDeadLetterQueue(ConnectionProvider connections, TransactionManager transactions,
			PlatformTransactionManager platformTransactions) {
		EventByEventRetry eventByEvent = new EventByEventRetry(platformTransactions);
		return (configurer) -> configurer.eventProcessing()
			.registerDeadLetterQueue(PROCESSOR,
					(config) -> JdbcSequencedDeadLetterQueue.builder()
						.processingGroup(PROCESSOR)
						.connectionProvider(connections)
						.transactionManager(transactions)
						.schema(schema())
						.genericSerializer(config.serializer())
						.eventSerializer(config.eventSerializer())
						.maxSequences(MAX_SEQUENCES)
						.maxSequenceSize(MAX_SEQUENCE_SIZE)
						.build())
			.registerDeadLetterPolicy(PROCESSOR, (config) -> new ParkingPolicy())
			// A rebuild replays every event, parked ones included: the queue starts empty
			// with it. The cache spares a lookup of the queue per event while nothing of
			// a
			// segment's sequences is parked.
			.registerDeadLetteringEventHandlerInvokerConfiguration(PROCESSOR,
					(config, invoker) -> invoker.allowReset(true).enableSequenceIdentifierCache())
			// A handler's failure must reach the dead-letter queue: Axon's default logs
			// and drops it.
			.registerListenerInvocationErrorHandler(PROCESSOR, (config) -> PropagatingErrorHandler.instance())
			.registerHandlerInterceptor(PROCESSOR, (config) -> eventByEvent);
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
