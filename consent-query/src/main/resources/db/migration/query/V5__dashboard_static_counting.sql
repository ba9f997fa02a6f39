-- V4's counting trigger built its statement from the trigger's argument with EXECUTE, so PostgreSQL parsed and
-- planned it again at every call: a fixed cost per written statement that was most of the counting's time in a
-- rebuild (docs/benchmarks.md). One function per table with static statements lets PL/pgSQL keep their plans.
-- What is counted is unchanged: the facts functions of V4.

CREATE FUNCTION query.dashboard_count_consent() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, count(*) FROM new_rows r, query.dashboard_consent_facts(r) f
        GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT operator, metric, key, sum(n) FROM (
            SELECT f.*, 1 AS n FROM new_rows r, query.dashboard_consent_facts(r) f
            UNION ALL
            SELECT f.*, -1 AS n FROM old_rows r, query.dashboard_consent_facts(r) f) AS facts
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    ELSE
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, -count(*) FROM old_rows r, query.dashboard_consent_facts(r) f
        GROUP BY 1, 2, 3;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION query.dashboard_count_subject() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, count(*) FROM new_rows r, query.dashboard_subject_facts(r) f
        GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT operator, metric, key, sum(n) FROM (
            SELECT f.*, 1 AS n FROM new_rows r, query.dashboard_subject_facts(r) f
            UNION ALL
            SELECT f.*, -1 AS n FROM old_rows r, query.dashboard_subject_facts(r) f) AS facts
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    ELSE
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, -count(*) FROM old_rows r, query.dashboard_subject_facts(r) f
        GROUP BY 1, 2, 3;
    END IF;
    RETURN NULL;
END $$;

-- History entries are only ever inserted (and truncated on a rebuild).
CREATE FUNCTION query.dashboard_count_history() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO query.dashboard_delta (operator, metric, key, n)
    SELECT f.operator, f.metric, f.key, count(*) FROM new_rows r, query.dashboard_history_facts(r) f
    GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;

DROP TRIGGER dashboard_consent_inserted ON query.current_consent;
DROP TRIGGER dashboard_consent_updated ON query.current_consent;
DROP TRIGGER dashboard_consent_deleted ON query.current_consent;
DROP TRIGGER dashboard_subject_inserted ON query.subject;
DROP TRIGGER dashboard_subject_updated ON query.subject;
DROP TRIGGER dashboard_subject_deleted ON query.subject;
DROP TRIGGER dashboard_history_inserted ON query.history_entry;
DROP FUNCTION query.dashboard_count();

CREATE TRIGGER dashboard_consent_inserted AFTER INSERT ON query.current_consent
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_consent();
CREATE TRIGGER dashboard_consent_updated AFTER UPDATE ON query.current_consent
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_consent();
CREATE TRIGGER dashboard_consent_deleted AFTER DELETE ON query.current_consent
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_consent();

CREATE TRIGGER dashboard_subject_inserted AFTER INSERT ON query.subject
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_subject();
CREATE TRIGGER dashboard_subject_updated AFTER UPDATE ON query.subject
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_subject();
CREATE TRIGGER dashboard_subject_deleted AFTER DELETE ON query.subject
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_subject();

CREATE TRIGGER dashboard_history_inserted AFTER INSERT ON query.history_entry
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_history();
