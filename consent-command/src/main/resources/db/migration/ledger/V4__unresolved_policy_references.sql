-- Subjects whose events named a policy version the ledger did not know when it judged them (issue 28, ADR 0023).
-- A row is written in the append transaction of the grant or acceptance that named the version; once the version is
-- published, PolicyReferenceResolver has the subject judge those events again and deletes the row in the same
-- transaction. The table holds no personal data beyond the pseudonymous stream id the event store already holds.
CREATE TABLE ledger.unresolved_policy_reference (
    operator     CHAR(12)     NOT NULL,
    version      VARCHAR(256) NOT NULL,
    aggregate_id VARCHAR(512) NOT NULL,
    noted_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (operator, version, aggregate_id)
);
