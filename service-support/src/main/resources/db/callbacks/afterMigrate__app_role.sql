-- The privileges of the services' own role (placeholder appRole: LEDGER_DB_APP_ROLE, by default the datasource user)
-- on the schema this Flyway run manages (docs/security.md, "Database roles"). Migrations run as the schemas' owner;
-- the services may read every table and append to it, and only the tables named below, which hold no evidence, may
-- they also change. No role but the owner may alter a table, drop or disable its triggers, or create objects here.
--
-- A callback rather than GRANTs in the versioned migrations or ALTER DEFAULT PRIVILEGES: it runs after every migrate,
-- so a fresh database, an upgraded one and one whose app role was added later all end with exactly these privileges,
-- and a table a later migration adds is read-and-append for the services (never more) without anyone remembering to
-- grant it. Both services run it, each for its own schema, in one transaction, so no service sees a half-granted
-- schema.
DO $$
DECLARE
    app CONSTANT TEXT := '${appRole}';
    managed CONSTANT TEXT := '${flyway:defaultSchema}';
    -- What the code needs beyond SELECT and INSERT. Evidence tables (the event store, the chain, checkpoints, signing
    -- keys, the ingestion log, the access audit) are not here and never may be. Subject keys may be updated only to be
    -- destroyed (an erasure, ADR 0025): a trigger of ledger V6 refuses any other update and every delete. No table
    -- may be truncated by the services: a rebuild replaces the projections through the owner's functions (ADR 0027).
    changes CONSTANT JSONB := '{
        "ledger.unresolved_policy_reference": "UPDATE, DELETE",
        "ledger.subject_key": "UPDATE",
        "query.token_entry": "UPDATE, DELETE",
        "query.dead_letter_entry": "UPDATE, DELETE",
        "query.subject": "UPDATE",
        "query.current_consent": "UPDATE",
        "query.history_entry": "UPDATE",
        "query.policy_version": "UPDATE, DELETE",
        "query.dashboard_counter": "UPDATE, DELETE",
        "query.dashboard_delta": "DELETE",
        "query.duty_clock": "UPDATE",
        "query.processor_node": "UPDATE, DELETE",
        "query.projection_rebuild": "UPDATE"
    }';
    named TEXT;
    relation RECORD;
BEGIN
    -- Flyway runs this after releasing its migration lock: replicas starting together would revoke and grant on the
    -- same catalog rows at once ("tuple concurrently updated"). One at a time, until commit.
    PERFORM pg_advisory_xact_lock(7162758003215216993);
    -- One role for everything (LEDGER_DB_OWNER_USER unset): it owns the tables, nothing to restrict.
    IF app = current_user THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'the application role "%" does not exist: create it (README, "On a server")', app;
    END IF;
    FOR named IN SELECT jsonb_object_keys(changes) LOOP
        IF split_part(named, '.', 1) = managed AND to_regclass(named) IS NULL THEN
            RAISE EXCEPTION 'afterMigrate__app_role.sql names %, which no migration creates', named;
        END IF;
    END LOOP;

    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', managed, app);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', managed, app);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', managed, app);
    EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM %I', managed, app);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', managed, app);
    -- nextval for BIGSERIAL columns; not UPDATE, which would allow setval.
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', managed, app);
    -- The steps of a projections' rebuild replace tables, which only their owner may: they run as the owner, and
    -- check the rebuild's state themselves (query V12, ADR 0027).
    IF managed = 'query' THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION query.prepare_projection_rebuild(TEXT, TEXT), '
            'query.index_rebuilt_projections(TEXT), query.switch_to_rebuilt_projections(TEXT, TEXT, BIGINT) TO %I',
            app);
    END IF;
    FOR relation IN
        SELECT c.relname, c.relkind IN ('v', 'm') AS is_view
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = managed AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname <> '${flyway:table}'
    LOOP
        EXECUTE format('GRANT %s ON %I.%I TO %I',
            CASE WHEN relation.is_view THEN 'SELECT'
                ELSE concat_ws(', ', 'SELECT, INSERT', changes ->> (managed || '.' || relation.relname)) END,
            managed, relation.relname, app);
    END LOOP;
    -- The migration history is read, never written, by the app role: a serving instance started with
    -- LEDGER_DB_MIGRATIONS=validate checks it (LedgerMigrations) without the owner's password.
    EXECUTE format('GRANT SELECT ON %I.%I TO %I', managed, '${flyway:table}', app);
END
$$;
