-- Axon's sequenced dead-letter queue of the projections' processor (JdbcSequencedDeadLetterQueue, layout in
-- kz.consentledger.query.parking.ProjectionDeadLetters). An event the projections cannot store is parked here with
-- its cause, and so is every later event of its stream (one operator's subject, or an operator's policy stream),
-- while every other stream goes on. Parked events leave only through a retry that applies them or an eviction
-- (docs/reliability.md). Rows are written in the processor's own transaction, beside its token.
-- The table Axon's GenericDeadLetterTableFactory would create, with the project's snake_case names and BYTEA for
-- serialized data; its times are ISO-8601 text, as Axon writes them. The unique key also serves Axon's lookups by
-- processing group and by sequence, so its two other indexes are left out.
CREATE TABLE query.dead_letter_entry (
    dead_letter_id       VARCHAR(255)  NOT NULL PRIMARY KEY,
    processing_group     VARCHAR(255)  NOT NULL,
    sequence_identifier  VARCHAR(255)  NOT NULL,
    sequence_index       BIGINT        NOT NULL,
    message_type         VARCHAR(255)  NOT NULL,
    event_identifier     VARCHAR(255)  NOT NULL,
    time_stamp           VARCHAR(255)  NOT NULL,
    payload_type         VARCHAR(255)  NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA         NOT NULL,
    meta_data            BYTEA,
    type                 VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          VARCHAR(255)  NOT NULL,
    last_touched         VARCHAR(255),
    processing_started   VARCHAR(255),
    cause_type           VARCHAR(255),
    cause_message        VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT dead_letter_entry_sequence_index UNIQUE (processing_group, sequence_identifier, sequence_index)
);
