-- Query-side projections, rebuilt from the event store (ledger.domain_event_entry) by the
-- pooled streaming processor "consent-projections"; its tokens live here too, so a projection
-- update and its token commit in one transaction.

CREATE TABLE query.token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    time_stamp     VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

CREATE TABLE query.subject (
    operator                CHAR(12)     NOT NULL,
    subject                 VARCHAR(128) NOT NULL,
    first_received_at       TIMESTAMPTZ  NOT NULL,
    last_received_at        TIMESTAMPTZ  NOT NULL,
    accepted_policy_version VARCHAR(128),
    acceptance_mode         VARCHAR(16),
    acceptance_validity     VARCHAR(32),
    accepted_at             TIMESTAMPTZ,
    PRIMARY KEY (operator, subject)
);

CREATE TABLE query.current_consent (
    operator               CHAR(12)     NOT NULL,
    subject                VARCHAR(128) NOT NULL,
    purpose                VARCHAR(64)  NOT NULL,
    status                 VARCHAR(16)  NOT NULL,
    data_categories        JSONB        NOT NULL,
    recipients             JSONB        NOT NULL,
    cross_border_countries JSONB        NOT NULL,
    policy_version         VARCHAR(128) NOT NULL,
    granted_by_kind        VARCHAR(32)  NOT NULL,
    granted_by_name        TEXT,
    channel                VARCHAR(32)  NOT NULL,
    language               VARCHAR(8),
    granted_at             TIMESTAMPTZ  NOT NULL,
    expires_at             TIMESTAMPTZ,
    withdrawn_at           TIMESTAMPTZ,
    withdrawal_channel     VARCHAR(32),
    stop_due_by            DATE,
    pending_refusal        JSONB,
    PRIMARY KEY (operator, subject, purpose)
);

CREATE TABLE query.history_entry (
    global_index BIGINT       NOT NULL PRIMARY KEY,
    operator     CHAR(12)     NOT NULL,
    subject      VARCHAR(128) NOT NULL,
    entry_type   VARCHAR(64)  NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL,
    source       VARCHAR(1024) NOT NULL,
    event_id     VARCHAR(1024) NOT NULL,
    verdict      VARCHAR(16),
    details      JSONB        NOT NULL
);

CREATE INDEX history_entry_subject ON query.history_entry (operator, subject, global_index);
CREATE INDEX history_entry_verdict ON query.history_entry (operator, verdict) WHERE verdict IS NOT NULL;

CREATE TABLE query.policy_version (
    operator                 CHAR(12)     NOT NULL,
    version                  VARCHAR(128) NOT NULL,
    effective_at             TIMESTAMPTZ  NOT NULL,
    implicit_acceptance_days INTEGER      NOT NULL,
    storage_country          CHAR(2)      NOT NULL,
    retention_years          INTEGER,
    published_at             TIMESTAMPTZ  NOT NULL,
    received_at              TIMESTAMPTZ  NOT NULL,
    details                  JSONB        NOT NULL,
    PRIMARY KEY (operator, version)
);
