-- Re-judgments (issue 28, ADR 0023). A judged history entry is updated when a JudgmentRevised judges it again: a
-- disclosure's verdict becomes the latest one, and revised_by names the revising entry (its global index), which keeps
-- the original judgment in its details. The revising entry is an entry of its own whose verdict stays NULL, so the
-- facts of V4 count it once as a 'judgment-revised' of its business day and never as a verdict.
ALTER TABLE query.history_entry ADD COLUMN revised_by BIGINT;

-- The dashboard's counters follow the latest verdict: an update counts the new row's facts and takes back the old
-- row's, as the other projection tables' counting does (V5).
CREATE OR REPLACE FUNCTION query.dashboard_count_history() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, count(*) FROM new_rows r, query.dashboard_history_facts(r) f
        GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT operator, metric, key, sum(n) FROM (
            SELECT f.*, 1 AS n FROM new_rows r, query.dashboard_history_facts(r) f
            UNION ALL
            SELECT f.*, -1 AS n FROM old_rows r, query.dashboard_history_facts(r) f) AS facts
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER dashboard_history_updated AFTER UPDATE ON query.history_entry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_history();
