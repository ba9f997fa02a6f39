-- A rebuild that never empties the views (issue 29, ADR 0027). The processor consent-projections-rebuild replays the
-- same projections into shadow tables (schema query_rebuild) while the live ones keep serving and following new
-- events; then one transaction puts the shadow tables in the live ones' place. The state is here so that every query
-- instance sees it and takes its part (ProjectionRebuild):
--   replaying  every instance's rebuild processor claims shadow segments and replays the store into query_rebuild
--   switching    every shadow segment has passed the head recorded at the start: the shadow's indexes are built,
--                then the live processor is fenced (its token rows owned by no instance) and the store's head noted
--   catching-up  the shadow replays on past that head, so that it holds everything the live tables held; then it is
--                fenced too and the switch runs
--   done         the shadow tables are the live ones, the live processor goes on from the shadow's tokens
CREATE TABLE query.projection_rebuild (
    processor      VARCHAR(255) NOT NULL PRIMARY KEY,
    state          VARCHAR(16)  NOT NULL CHECK (state IN ('replaying', 'switching', 'catching-up', 'done')),
    -- The event store's highest global index when the rebuild started: what the replay must pass.
    head           BIGINT       NOT NULL,
    -- The store's head when the live processor was fenced: no live token is past it, and the shadow must pass it
    -- before it goes live, so that readers never see the projections go back.
    fenced_head    BIGINT,
    started_at     TIMESTAMPTZ  NOT NULL,
    started_by     VARCHAR(255) NOT NULL,
    finished_at    TIMESTAMPTZ,
    -- The position every shadow segment had reached when the shadow tables went live.
    positions_done BIGINT
);

-- Between rebuilds the rebuild processor's token rows are owned by 'projection-rebuild', an owner no instance is, with
-- a claim that never expires, so the processor (started by Axon on every instance) claims nothing and replays nothing.
INSERT INTO query.token_entry (processor_name, segment, time_stamp, owner)
VALUES ('consent-projections-rebuild', 0, '9999-12-31T23:59:59Z', 'projection-rebuild')
ON CONFLICT DO NOTHING;

-- The projection tables a rebuild replaces: every table the processor's projections write but the dashboard's
-- counters, which the switch counts in one pass instead.
CREATE OR REPLACE FUNCTION query.projection_tables() RETURNS TEXT[] IMMUTABLE LANGUAGE sql AS $$
    SELECT ARRAY['subject', 'current_consent', 'history_entry', 'policy_version', 'duty_clock', 'duty_closing']
$$;

-- Now as Axon's token store writes a claim's time.
CREATE OR REPLACE FUNCTION query.token_time() RETURNS TEXT STABLE LANGUAGE sql AS $$
    SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- The dashboard's facts functions (V4) took the live tables' row types, which tied them to those tables: a table that
-- replaces another has a row type of its own (and a trigger's transition rows are plain records). They take the
-- columns they count instead, so they count the rows of any table with these columns: the triggers' transition rows
-- (the counting functions of V5 and V8, otherwise unchanged) and the shadow tables in the switch's one pass.
CREATE OR REPLACE FUNCTION query.dashboard_consent_facts(op CHAR(12), purpose VARCHAR, status VARCHAR,
    data_categories JSONB, pending_refusal JSONB, expires_at TIMESTAMPTZ)
    RETURNS TABLE (operator CHAR(12), metric VARCHAR(32), key TEXT[]) IMMUTABLE LANGUAGE sql AS $$
    SELECT op, 'consent', ARRAY[purpose, status]
    UNION ALL
    SELECT op, 'category', ARRAY[purpose, category]
    FROM jsonb_array_elements_text(data_categories) AS category
    WHERE status = 'active'
    UNION ALL
    SELECT op, 'refusal-pending', ARRAY[purpose]
    WHERE pending_refusal IS NOT NULL
    UNION ALL
    SELECT op, 'expiry', ARRAY[query.dashboard_day(expires_at)]
    WHERE status = 'active' AND expires_at IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION query.dashboard_subject_facts(op CHAR(12), accepted_policy_version VARCHAR,
    acceptance_mode VARCHAR, acceptance_validity VARCHAR)
    RETURNS TABLE (operator CHAR(12), metric VARCHAR(32), key TEXT[]) IMMUTABLE LANGUAGE sql AS $$
    SELECT op, 'subjects', '{}'::TEXT[]
    UNION ALL
    SELECT op, 'policy', ARRAY[accepted_policy_version, acceptance_mode, acceptance_validity]
    WHERE accepted_policy_version IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION query.dashboard_history_facts(op CHAR(12), occurred_at TIMESTAMPTZ, entry_type VARCHAR,
    verdict VARCHAR, details JSONB)
    RETURNS TABLE (operator CHAR(12), metric VARCHAR(32), key TEXT[]) IMMUTABLE LANGUAGE sql AS $$
    SELECT op, 'daily', ARRAY[query.dashboard_day(occurred_at), entry_type]
    UNION ALL
    SELECT op, 'daily', ARRAY[query.dashboard_day(occurred_at), verdict]
    WHERE verdict IN ('violation', 'late-stop')
    UNION ALL
    SELECT op, 'acceptance', ARRAY[details ->> 'policyVersion', details ->> 'mode']
    WHERE entry_type = 'policy-accepted'
    UNION ALL
    SELECT op, 'sharing', ARRAY[details -> 'recipient' ->> 'kind', details -> 'recipient' ->> 'id',
        details -> 'recipient' ->> 'name', details -> 'recipient' ->> 'country', verdict]
    WHERE entry_type = 'data-shared'
$$;

CREATE OR REPLACE FUNCTION query.dashboard_count_consent() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, count(*) FROM new_rows r, query.dashboard_consent_facts(
                r.operator, r.purpose, r.status, r.data_categories, r.pending_refusal, r.expires_at) f
        GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT operator, metric, key, sum(n) FROM (
            SELECT f.*, 1 AS n FROM new_rows r, query.dashboard_consent_facts(
                    r.operator, r.purpose, r.status, r.data_categories, r.pending_refusal, r.expires_at) f
            UNION ALL
            SELECT f.*, -1 AS n FROM old_rows r, query.dashboard_consent_facts(
                    r.operator, r.purpose, r.status, r.data_categories, r.pending_refusal, r.expires_at) f) AS facts
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    ELSE
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, -count(*) FROM old_rows r, query.dashboard_consent_facts(
                r.operator, r.purpose, r.status, r.data_categories, r.pending_refusal, r.expires_at) f
        GROUP BY 1, 2, 3;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION query.dashboard_count_subject() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, count(*) FROM new_rows r, query.dashboard_subject_facts(
                r.operator, r.accepted_policy_version, r.acceptance_mode, r.acceptance_validity) f
        GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT operator, metric, key, sum(n) FROM (
            SELECT f.*, 1 AS n FROM new_rows r, query.dashboard_subject_facts(
                    r.operator, r.accepted_policy_version, r.acceptance_mode, r.acceptance_validity) f
            UNION ALL
            SELECT f.*, -1 AS n FROM old_rows r, query.dashboard_subject_facts(
                    r.operator, r.accepted_policy_version, r.acceptance_mode, r.acceptance_validity) f) AS facts
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    ELSE
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, -count(*) FROM old_rows r, query.dashboard_subject_facts(
                r.operator, r.accepted_policy_version, r.acceptance_mode, r.acceptance_validity) f
        GROUP BY 1, 2, 3;
    END IF;
    RETURN NULL;
END $$;

-- History entries are inserted, and updated by a re-judgment (V8).
CREATE OR REPLACE FUNCTION query.dashboard_count_history() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT f.operator, f.metric, f.key, count(*) FROM new_rows r, query.dashboard_history_facts(
                r.operator, r.occurred_at, r.entry_type, r.verdict, r.details) f
        GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO query.dashboard_delta (operator, metric, key, n)
        SELECT operator, metric, key, sum(n) FROM (
            SELECT f.*, 1 AS n FROM new_rows r, query.dashboard_history_facts(
                    r.operator, r.occurred_at, r.entry_type, r.verdict, r.details) f
            UNION ALL
            SELECT f.*, -1 AS n FROM old_rows r, query.dashboard_history_facts(
                    r.operator, r.occurred_at, r.entry_type, r.verdict, r.details) f) AS facts
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END $$;

DROP FUNCTION IF EXISTS query.dashboard_consent_facts(query.current_consent);
DROP FUNCTION IF EXISTS query.dashboard_subject_facts(query.subject);
DROP FUNCTION IF EXISTS query.dashboard_history_facts(query.history_entry);

-- The dashboard's counting triggers (V5, V8) on the live tables, defined once: the switch installs them on the tables
-- it puts in place.
CREATE OR REPLACE FUNCTION query.install_dashboard_triggers() RETURNS VOID LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DROP TRIGGER IF EXISTS dashboard_consent_inserted ON query.current_consent;
    DROP TRIGGER IF EXISTS dashboard_consent_updated ON query.current_consent;
    DROP TRIGGER IF EXISTS dashboard_consent_deleted ON query.current_consent;
    DROP TRIGGER IF EXISTS dashboard_subject_inserted ON query.subject;
    DROP TRIGGER IF EXISTS dashboard_subject_updated ON query.subject;
    DROP TRIGGER IF EXISTS dashboard_subject_deleted ON query.subject;
    DROP TRIGGER IF EXISTS dashboard_history_inserted ON query.history_entry;
    DROP TRIGGER IF EXISTS dashboard_history_updated ON query.history_entry;
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
    CREATE TRIGGER dashboard_history_updated AFTER UPDATE ON query.history_entry
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION query.dashboard_count_history();
END $$;

SELECT query.install_dashboard_triggers();

-- The live table's indexes that no key constraint backs, created on its shadow copy under the same names: before the
-- replay the unique ones (its upserts need them) and those the projections' own writes look rows up by (a revised
-- judgment finds its history entry by subject), the others after it (indexes after the load).
CREATE OR REPLACE FUNCTION query.copy_projection_indexes(before_replay BOOLEAN) RETURNS VOID LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    live_index RECORD;
BEGIN
    FOR live_index IN
        SELECT t.relname, pg_get_indexdef(x.indexrelid) AS definition
        FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_class i ON i.oid = x.indexrelid
        WHERE n.nspname = 'query' AND t.relname = ANY (query.projection_tables())
          AND (x.indisunique OR i.relname = 'history_entry_subject') = before_replay
          AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    LOOP
        EXECUTE replace(
            regexp_replace(live_index.definition, '^CREATE (UNIQUE )?INDEX ', 'CREATE \1INDEX IF NOT EXISTS '),
            format(' ON query.%I ', live_index.relname), format(' ON query_rebuild.%I ', live_index.relname));
    END LOOP;
END $$;

-- Step 1 (POST .../rebuild, in the transaction that records the rebuild): empty shadow copies of the projection
-- tables, with the live ones' columns, keys and privileges, no trigger and no secondary index; the rebuild processor's
-- parked events dropped and its token rows made claimable from the start of the store, one per live segment.
CREATE OR REPLACE FUNCTION query.prepare_projection_rebuild(live_processor TEXT, shadow_processor TEXT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    projection TEXT;
    live_key RECORD;
    granted RECORD;
BEGIN
    -- Only for the rebuild this very transaction has just recorded: never under a replay running.
    PERFORM FROM query.projection_rebuild
    WHERE processor = live_processor AND state = 'replaying' AND started_at = now() FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no rebuild of % was started by this transaction', live_processor;
    END IF;
    DROP SCHEMA IF EXISTS query_rebuild CASCADE;
    CREATE SCHEMA query_rebuild;
    FOREACH projection IN ARRAY query.projection_tables() LOOP
        EXECUTE format('CREATE TABLE query_rebuild.%I (LIKE query.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
            projection, projection);
        FOR live_key IN
            SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE conrelid = format('query.%I', projection)::regclass AND contype IN ('p', 'u')
        LOOP
            EXECUTE format('ALTER TABLE query_rebuild.%I ADD CONSTRAINT %I %s', projection, live_key.conname,
                live_key.definition);
        END LOOP;
        FOR granted IN
            SELECT a.grantee::regrole::text AS grantee, a.privilege_type
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = format('query.%I', projection)::regclass AND a.grantee NOT IN (0, c.relowner)
        LOOP
            EXECUTE format('GRANT USAGE ON SCHEMA query_rebuild TO %s', granted.grantee);
            EXECUTE format('GRANT %s ON query_rebuild.%I TO %s', granted.privilege_type, projection, granted.grantee);
        END LOOP;
    END LOOP;
    PERFORM query.copy_projection_indexes(true);
    DELETE FROM query.dead_letter_entry WHERE processing_group = shadow_processor;
    DELETE FROM query.token_entry WHERE processor_name = shadow_processor;
    INSERT INTO query.token_entry (processor_name, segment, time_stamp)
    SELECT shadow_processor, segment, query.token_time() FROM query.token_entry WHERE processor_name = live_processor;
    IF NOT FOUND THEN
        INSERT INTO query.token_entry (processor_name, segment, time_stamp)
        VALUES (shadow_processor, 0, query.token_time());
    END IF;
END $$;

-- Step 2 (state switching, before the processors are fenced): the shadow tables' secondary indexes, built once over
-- the loaded rows. The rebuild's row serialises it with the other instances doing the same.
CREATE OR REPLACE FUNCTION query.index_rebuilt_projections(live_processor TEXT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM FROM query.projection_rebuild WHERE processor = live_processor AND state = 'switching' FOR UPDATE;
    IF FOUND THEN
        PERFORM query.copy_projection_indexes(false);
    END IF;
END $$;

-- Step 3 (state catching-up, the shadow past the head at the live fence, both processors fenced): in one transaction, the dashboard counted in one pass over the
-- shadow tables, the live tables dropped and the shadow tables put in their place with the dashboard's triggers, the
-- counters replaced, the live processor's tokens set to the shadow's, claimable at once (the shadow passed every
-- position a live batch could have reached before the fence: a live work package that stalled across it and claims
-- a row only applies events again, which the projections' writes take as no change), the shadow's parked events made
-- the live ones (the replay met every event again), and the rebuild done. Readers wait only for the swap itself.
-- False when the rebuild is not switching (another instance switched it already).
CREATE OR REPLACE FUNCTION query.switch_to_rebuilt_projections(live_processor TEXT, shadow_processor TEXT,
    shadow_position BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    projection TEXT;
BEGIN
    PERFORM FROM query.projection_rebuild WHERE processor = live_processor AND state = 'catching-up' FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    -- A long read of a live table (an export, a dump) must not hold the switch, nor every reader queued behind it:
    -- the switch gives up and the next round tries again (the live processor stays fenced meanwhile; health says so
    -- after stall-after).
    PERFORM set_config('lock_timeout', '2s', true);
    -- The shadow's last batches, failing on their fenced tokens, end before the count.
    LOCK TABLE query_rebuild.subject, query_rebuild.current_consent, query_rebuild.history_entry,
        query_rebuild.policy_version, query_rebuild.duty_clock, query_rebuild.duty_closing IN EXCLUSIVE MODE;
    CREATE TEMP TABLE rebuilt_counter ON COMMIT DROP AS
    SELECT f.operator, f.metric, f.key, count(*) AS n
    FROM (SELECT f.* FROM query_rebuild.current_consent r, query.dashboard_consent_facts(
            r.operator, r.purpose, r.status, r.data_categories, r.pending_refusal, r.expires_at) f
          UNION ALL
          SELECT f.* FROM query_rebuild.subject r, query.dashboard_subject_facts(
                  r.operator, r.accepted_policy_version, r.acceptance_mode, r.acceptance_validity) f
          UNION ALL
          SELECT f.* FROM query_rebuild.history_entry r, query.dashboard_history_facts(
                  r.operator, r.occurred_at, r.entry_type, r.verdict, r.details) f) f
    GROUP BY 1, 2, 3;

    LOCK TABLE query.subject, query.current_consent, query.history_entry, query.policy_version, query.duty_clock,
        query.duty_closing, query.dashboard_counter, query.dashboard_delta IN ACCESS EXCLUSIVE MODE;
    FOREACH projection IN ARRAY query.projection_tables() LOOP
        EXECUTE format('DROP TABLE query.%I', projection);
        EXECUTE format('ALTER TABLE query_rebuild.%I SET SCHEMA query', projection);
    END LOOP;
    PERFORM query.install_dashboard_triggers();
    TRUNCATE query.dashboard_counter, query.dashboard_delta;
    INSERT INTO query.dashboard_counter (operator, metric, key, n) SELECT operator, metric, key, n FROM rebuilt_counter;

    DELETE FROM query.token_entry WHERE processor_name = live_processor;
    INSERT INTO query.token_entry (processor_name, segment, token, token_type, time_stamp, owner)
    SELECT live_processor, segment, token, token_type, query.token_time(), NULL
    FROM query.token_entry WHERE processor_name = shadow_processor;
    DELETE FROM query.dead_letter_entry WHERE processing_group = live_processor;
    UPDATE query.dead_letter_entry SET processing_group = live_processor WHERE processing_group = shadow_processor;
    UPDATE query.projection_rebuild SET state = 'done', finished_at = now(), positions_done = shadow_position
    WHERE processor = live_processor;
    RETURN true;
END $$;

-- Run by the services' role (granted by the afterMigrate callback), as the owner of the tables they replace.
REVOKE ALL ON FUNCTION query.prepare_projection_rebuild(TEXT, TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION query.index_rebuilt_projections(TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION query.switch_to_rebuilt_projections(TEXT, TEXT, BIGINT) FROM PUBLIC;
