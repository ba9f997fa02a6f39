-- Erasure by crypto-shredding (issue 27, ADR 0025). The services destroy a subject's key in the append transaction of
-- the erasure event: wrapped_key becomes NULL, destroyed_at the erasure's time, and the row stays as a tombstone, so
-- that an event arriving later for the same subject gets no new key (its personal fields are stored as "[erased]").
-- The app role may UPDATE this table (afterMigrate__app_role.sql) but only to destroy a key: never delete a row,
-- never give a destroyed key back, never change whose key it is or when it was made.
ALTER TABLE ledger.subject_key ADD CONSTRAINT subject_key_destroyed_has_no_key
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL));

CREATE FUNCTION ledger.subject_key_only_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION '% on ledger.subject_key is not allowed: a key is destroyed, its row stays as a tombstone', TG_OP;
    END IF;
    IF NEW.operator <> OLD.operator OR NEW.subject <> OLD.subject OR NEW.created_at <> OLD.created_at
            OR NEW.wrapped_key IS NOT NULL OR OLD.wrapped_key IS NULL THEN
        RAISE EXCEPTION 'ledger.subject_key of %:% may only have its key destroyed, once', OLD.operator, OLD.subject;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER subject_key_only_destroyed BEFORE UPDATE OR DELETE ON ledger.subject_key
    FOR EACH ROW EXECUTE FUNCTION ledger.subject_key_only_destroyed();
CREATE TRIGGER subject_key_no_truncate BEFORE TRUNCATE ON ledger.subject_key
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_rewrite();
