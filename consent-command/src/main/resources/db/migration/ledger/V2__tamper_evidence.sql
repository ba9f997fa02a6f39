-- Tamper evidence (docs/tamper-evidence.md): every event is chained in the transaction that appends it,
-- and ranges of the chain are sealed into Ed25519-signed checkpoints. All three tables are append-only.

-- The ledger order: position is dense from 0 and follows commit order (global_index may have gaps).
CREATE TABLE ledger.event_chain (
    position             BIGINT       NOT NULL PRIMARY KEY,
    global_index         BIGINT       NOT NULL UNIQUE,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    aggregate_identifier VARCHAR(255) NOT NULL,
    aggregate_sequence   BIGINT       NOT NULL,
    event_hash           BYTEA        NOT NULL,
    stream_hash          BYTEA        NOT NULL,
    ledger_hash          BYTEA        NOT NULL,
    CONSTRAINT event_chain_stream UNIQUE (aggregate_identifier, aggregate_sequence)
);

CREATE TABLE ledger.signing_key (
    key_id     CHAR(16)    NOT NULL PRIMARY KEY,
    algorithm  VARCHAR(16) NOT NULL,
    public_key BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE ledger.checkpoint (
    number                  BIGINT      NOT NULL PRIMARY KEY,
    first_position          BIGINT      NOT NULL,
    last_position           BIGINT      NOT NULL,
    merkle_root             CHAR(64)    NOT NULL,
    ledger_hash             CHAR(64)    NOT NULL,
    previous_statement_hash CHAR(64)    NOT NULL,
    sealed_at               VARCHAR(40) NOT NULL,
    key_id                  CHAR(16)    NOT NULL REFERENCES ledger.signing_key (key_id),
    signature               BYTEA       NOT NULL,
    CONSTRAINT checkpoint_range UNIQUE (last_position)
);

CREATE TRIGGER event_chain_append_only BEFORE UPDATE OR DELETE ON ledger.event_chain
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER signing_key_append_only BEFORE UPDATE OR DELETE ON ledger.signing_key
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger.checkpoint
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
