-- Pre-aggregated figures of the DPO dashboard. Triggers on the projection tables turn every change of a row into
-- signed deltas (+1 for the new row, -1 for the old one) appended to query.dashboard_delta, in the projection's own
-- transaction: appending never contends, so the processor's segments never wait on one hot counter row. A job folds
-- the deltas into query.dashboard_counter every second; query.dashboard_total adds the deltas not yet folded, so a
-- read is exact at any moment. Counters are keyed by (operator, metric, key[]); the metrics:
--   subjects         []                                       subjects known
--   consent          [purpose, status]                        consents by status (active, withdrawn)
--   category         [purpose, data category]                 active consents covering the category
--   refusal-pending  [purpose]                                active consents with a refused withdrawal
--   expiry           [day]                                    active consents expiring that day (Asia/Almaty)
--   policy           [version, mode, validity]                subjects whose latest acceptance is that one
--   acceptance       [version, mode]                          acceptance events
--   daily            [day, entry type or verdict]             events by business day (Asia/Almaty)
--   sharing          [kind, recipient id, name, country, verdict]  disclosures
-- A ledger that had projections before this migration gets them counted at its end. Rebuilding the projections
-- truncates the three tables (TRUNCATE fires no row trigger) and the counters with them.

CREATE TABLE query.dashboard_counter (
    operator CHAR(12)    NOT NULL,
    metric   VARCHAR(32) NOT NULL,
    key      TEXT[]      NOT NULL,
    n        BIGINT      NOT NULL,
    PRIMARY KEY (operator, metric, key)
);

CREATE TABLE query.dashboard_delta (
    id       BIGSERIAL   PRIMARY KEY,
    operator CHAR(12)    NOT NULL,
    metric   VARCHAR(32) NOT NULL,
    key      TEXT[]      NOT NULL,
    n        BIGINT      NOT NULL
);

CREATE VIEW query.dashboard_total AS
SELECT operator, metric, key, sum(n)::BIGINT AS n
FROM (SELECT operator, metric, key, n FROM query.dashboard_counter
      UNION ALL
      SELECT operator, metric, key, n FROM query.dashboard_delta) both_parts
GROUP BY operator, metric, key
HAVING sum(n) <> 0;

CREATE FUNCTION query.dashboard_day(t TIMESTAMPTZ) RETURNS TEXT IMMUTABLE LANGUAGE sql
AS $$ SELECT to_char(t AT TIME ZONE 'Asia/Almaty', 'YYYY-MM-DD') $$;

CREATE FUNCTION query.dashboard_consent_deltas(c query.current_consent, sign INTEGER) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO query.dashboard_delta (operator, metric, key, n)
    SELECT c.operator, 'consent', ARRAY[c.purpose, c.status], sign
    UNION ALL
    SELECT c.operator, 'category', ARRAY[c.purpose, category], sign
    FROM jsonb_array_elements_text(c.data_categories) AS category
    WHERE c.status = 'active'
    UNION ALL
    SELECT c.operator, 'refusal-pending', ARRAY[c.purpose], sign
    WHERE c.pending_refusal IS NOT NULL
    UNION ALL
    SELECT c.operator, 'expiry', ARRAY[query.dashboard_day(c.expires_at)], sign
    WHERE c.status = 'active' AND c.expires_at IS NOT NULL
$$;

CREATE FUNCTION query.dashboard_on_consent() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM query.dashboard_consent_deltas(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM query.dashboard_consent_deltas(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER dashboard_consent_added AFTER INSERT OR DELETE ON query.current_consent
    FOR EACH ROW EXECUTE FUNCTION query.dashboard_on_consent();
CREATE TRIGGER dashboard_consent_changed AFTER UPDATE ON query.current_consent
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.data_categories IS DISTINCT FROM NEW.data_categories
        OR (OLD.pending_refusal IS NULL) <> (NEW.pending_refusal IS NULL)
        OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
    EXECUTE FUNCTION query.dashboard_on_consent();

CREATE FUNCTION query.dashboard_subject_deltas(s query.subject, sign INTEGER) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO query.dashboard_delta (operator, metric, key, n)
    SELECT s.operator, 'policy', ARRAY[s.accepted_policy_version, s.acceptance_mode, s.acceptance_validity], sign
    WHERE s.accepted_policy_version IS NOT NULL
$$;

CREATE FUNCTION query.dashboard_on_subject() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM query.dashboard_subject_deltas(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM query.dashboard_subject_deltas(NEW, 1);
    END IF;
    IF TG_OP <> 'UPDATE' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        VALUES (coalesce(NEW.operator, OLD.operator), 'subjects', '{}', CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER dashboard_subject_added AFTER INSERT OR DELETE ON query.subject
    FOR EACH ROW EXECUTE FUNCTION query.dashboard_on_subject();
CREATE TRIGGER dashboard_subject_changed AFTER UPDATE ON query.subject
    FOR EACH ROW WHEN (OLD.accepted_policy_version IS DISTINCT FROM NEW.accepted_policy_version
        OR OLD.acceptance_mode IS DISTINCT FROM NEW.acceptance_mode
        OR OLD.acceptance_validity IS DISTINCT FROM NEW.acceptance_validity)
    EXECUTE FUNCTION query.dashboard_on_subject();

CREATE FUNCTION query.dashboard_history_deltas(h query.history_entry) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO query.dashboard_delta (operator, metric, key, n)
    SELECT h.operator, 'daily', ARRAY[query.dashboard_day(h.occurred_at), h.entry_type], 1
    UNION ALL
    SELECT h.operator, 'daily', ARRAY[query.dashboard_day(h.occurred_at), h.verdict], 1
    WHERE h.verdict IN ('violation', 'late-stop')
    UNION ALL
    SELECT h.operator, 'acceptance', ARRAY[h.details ->> 'policyVersion', h.details ->> 'mode'], 1
    WHERE h.entry_type = 'policy-accepted'
    UNION ALL
    SELECT h.operator, 'sharing', ARRAY[h.details -> 'recipient' ->> 'kind', h.details -> 'recipient' ->> 'id',
        h.details -> 'recipient' ->> 'name', h.details -> 'recipient' ->> 'country', h.verdict], 1
    WHERE h.entry_type = 'data-shared'
$$;

CREATE FUNCTION query.dashboard_on_history() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM query.dashboard_history_deltas(NEW);
    RETURN NULL;
END $$;

CREATE TRIGGER dashboard_history_added AFTER INSERT ON query.history_entry
    FOR EACH ROW EXECUTE FUNCTION query.dashboard_on_history();

-- Moves every visible delta into the counters in one transaction; deltas of transactions still running stay for
-- the next fold. Returns the number of deltas moved.
CREATE FUNCTION query.dashboard_fold() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    moved_count BIGINT;
BEGIN
    WITH moved AS (DELETE FROM query.dashboard_delta RETURNING operator, metric, key, n),
    summed AS (SELECT operator, metric, key, sum(n) AS n, count(*) AS deltas FROM moved GROUP BY operator, metric, key),
    upserted AS (
        INSERT INTO query.dashboard_counter AS c (operator, metric, key, n)
        SELECT operator, metric, key, n FROM summed
        ON CONFLICT (operator, metric, key) DO UPDATE SET n = c.n + EXCLUDED.n)
    SELECT coalesce(sum(deltas), 0) INTO moved_count FROM summed;
    DELETE FROM query.dashboard_counter WHERE n = 0;
    RETURN moved_count;
END $$;

-- The lists behind the dashboard's tables, newest first.
CREATE INDEX history_entry_type ON query.history_entry (operator, entry_type, global_index);
CREATE INDEX current_consent_expiry ON query.current_consent (operator, expires_at)
    WHERE status = 'active' AND expires_at IS NOT NULL;
-- Subject lookup by prefix within an operator (the primary key's collation cannot serve LIKE).
CREATE INDEX subject_prefix ON query.subject (operator, subject text_pattern_ops);

-- A ledger upgraded to this version has projections already: count them once.
SELECT query.dashboard_consent_deltas(c, 1) FROM query.current_consent c;
SELECT query.dashboard_subject_deltas(s, 1) FROM query.subject s;
INSERT INTO query.dashboard_delta (operator, metric, key, n)
SELECT operator, 'subjects', '{}', count(*) FROM query.subject GROUP BY operator;
SELECT query.dashboard_history_deltas(h) FROM query.history_entry h;
SELECT query.dashboard_fold();
