-- The event store of Axon's JDBC engine (layout in kz.consentledger.storage.LedgerStorage),
-- payloads as bytea (never large-object OIDs), plus the ingestion log and the subject keys.

CREATE TABLE ledger.domain_event_entry (
    global_index         BIGSERIAL    NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    PRIMARY KEY (global_index),
    CONSTRAINT domain_event_entry_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number),
    CONSTRAINT domain_event_entry_event_identifier UNIQUE (event_identifier)
);

CREATE TABLE ledger.snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT snapshot_event_entry_event_identifier UNIQUE (event_identifier)
);

-- The event table and the ingestion log are append-only: history is never rewritten.
CREATE FUNCTION ledger.reject_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %.% is not allowed: the ledger is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END
$$;

CREATE TRIGGER domain_event_entry_append_only BEFORE UPDATE OR DELETE ON ledger.domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER domain_event_entry_no_truncate BEFORE TRUNCATE ON ledger.domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_rewrite();

-- (source, id) of every appended CloudEvent: the idempotency key of contract v1.
CREATE TABLE ledger.ingested_event (
    source         VARCHAR(1024) NOT NULL,
    event_id       VARCHAR(1024) NOT NULL,
    type           VARCHAR(128)  NOT NULL,
    operator       CHAR(12)      NOT NULL,
    subject        VARCHAR(128),
    content_sha256 CHAR(64)      NOT NULL,
    received_at    TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (source, event_id)
);

CREATE TRIGGER ingested_event_append_only BEFORE UPDATE OR DELETE ON ledger.ingested_event
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();

-- Per-subject data keys, wrapped by the master key. Deleting a row (erasure) shreds every
-- sealed field of that subject; this table is deliberately not append-only.
CREATE TABLE ledger.subject_key (
    operator    CHAR(12)     NOT NULL,
    subject     VARCHAR(128) NOT NULL,
    wrapped_key BYTEA,
    created_at  TIMESTAMPTZ  NOT NULL,
    destroyed_at TIMESTAMPTZ,
    PRIMARY KEY (operator, subject)
);
