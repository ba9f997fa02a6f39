-- The dashboard's deltas are now counted per statement, not per row. The projections write a batch of events as one
-- statement per table; a row trigger still cost a function call and several delta rows per written row, most of
-- which cancel out (an updated row's -1 and +1) or repeat (the same day, purpose or category). A statement trigger
-- sees the statement's rows as transition tables and appends each (operator, metric, key) once, with the net count.
-- The facts a row contributes are the ones V3's row functions counted; what V3 counted stays valid.

DROP TRIGGER dashboard_consent_added ON query.current_consent;
DROP TRIGGER dashboard_consent_changed ON query.current_consent;
DROP TRIGGER dashboard_subject_added ON query.subject;
DROP TRIGGER dashboard_subject_changed ON query.subject;
DROP TRIGGER dashboard_history_added ON query.history_entry;
DROP FUNCTION query.dashboard_on_consent();
DROP FUNCTION query.dashboard_on_subject();
DROP FUNCTION query.dashboard_on_history();
DROP FUNCTION query.dashboard_consent_deltas(query.current_consent, INTEGER);
DROP FUNCTION query.dashboard_subject_deltas(query.subject, INTEGER);
DROP FUNCTION query.dashboard_history_deltas(query.history_entry);

-- What one row counts for: (operator, metric, key) once per fact.
CREATE FUNCTION query.dashboard_consent_facts(c query.current_consent)
    RETURNS TABLE (operator CHAR(12), metric VARCHAR(32), key TEXT[]) IMMUTABLE LANGUAGE sql AS $$
    SELECT c.operator, 'consent', ARRAY[c.purpose, c.status]
    UNION ALL
    SELECT c.operator, 'category', ARRAY[c.purpose, category]
    FROM jsonb_array_elements_text(c.data_categories) AS category
    WHERE c.status = 'active'
    UNION ALL
    SELECT c.operator, 'refusal-pending', ARRAY[c.purpose]
    WHERE c.pending_refusal IS NOT NULL
    UNION ALL
    SELECT c.operator, 'expiry', ARRAY[query.dashboard_day(c.expires_at)]
    WHERE c.status = 'active' AND c.expires_at IS NOT NULL
$$;

CREATE FUNCTION query.dashboard_subject_facts(s query.subject)
    RETURNS TABLE (operator CHAR(12), metric VARCHAR(32), key TEXT[]) IMMUTABLE LANGUAGE sql AS $$
    SELECT s.operator, 'subjects', '{}'::TEXT[]
    UNION ALL
    SELECT s.operator, 'policy', ARRAY[s.accepted_policy_version, s.acceptance_mode, s.acceptance_validity]
    WHERE s.accepted_policy_version IS NOT NULL
$$;

CREATE FUNCTION query.dashboard_history_facts(h query.history_entry)
    RETURNS TABLE (operator CHAR(12), metric VARCHAR(32), key TEXT[]) IMMUTABLE LANGUAGE sql AS $$
    SELECT h.operator, 'daily', ARRAY[query.dashboard_day(h.occurred_at), h.entry_type]
    UNION ALL
    SELECT h.operator, 'daily', ARRAY[query.dashboard_day(h.occurred_at), h.verdict]
    WHERE h.verdict IN ('violation', 'late-stop')
    UNION ALL
    SELECT h.operator, 'acceptance', ARRAY[h.details ->> 'policyVersion', h.details ->> 'mode']
    WHERE h.entry_type = 'policy-accepted'
    UNION ALL
    SELECT h.operator, 'sharing', ARRAY[h.details -> 'recipient' ->> 'kind', h.details -> 'recipient' ->> 'id',
        h.details -> 'recipient' ->> 'name', h.details -> 'recipient' ->> 'country', h.verdict]
    WHERE h.entry_type = 'data-shared'
$$;

-- Counts the statement's rows with the facts function named by the trigger's argument: +1 per fact of a new row,
-- -1 per fact of an old one, summed, so an update that changes nothing the dashboard shows appends nothing.
CREATE FUNCTION query.dashboard_count() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT operator, metric, key, sum(n) FROM (%s) AS facts GROUP BY operator, metric, key HAVING sum(n) <> 0',
        concat_ws(' UNION ALL ',
            CASE WHEN TG_OP IN ('INSERT', 'UPDATE')
                THEN format('SELECT f.*, 1 AS n FROM new_rows r, %s(r) f', TG_ARGV[0]) END,
            CASE WHEN TG_OP IN ('UPDATE', 'DELETE')
                THEN format('SELECT f.*, -1 AS n FROM old_rows r, %s(r) f', TG_ARGV[0]) END));
    RETURN NULL;
END $$;

CREATE TRIGGER dashboard_consent_inserted AFTER INSERT ON query.current_consent
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count('query.dashboard_consent_facts');
CREATE TRIGGER dashboard_consent_updated AFTER UPDATE ON query.current_consent
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count('query.dashboard_consent_facts');
CREATE TRIGGER dashboard_consent_deleted AFTER DELETE ON query.current_consent
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count('query.dashboard_consent_facts');

CREATE TRIGGER dashboard_subject_inserted AFTER INSERT ON query.subject
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count('query.dashboard_subject_facts');
CREATE TRIGGER dashboard_subject_updated AFTER UPDATE ON query.subject
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count('query.dashboard_subject_facts');
CREATE TRIGGER dashboard_subject_deleted AFTER DELETE ON query.subject
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count('query.dashboard_subject_facts');

CREATE TRIGGER dashboard_history_inserted AFTER INSERT ON query.history_entry
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count('query.dashboard_history_facts');
