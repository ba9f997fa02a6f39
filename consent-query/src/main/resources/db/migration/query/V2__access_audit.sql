-- Every read of a subject's consent or history, every as-of query and every export, recorded before the answer
-- leaves the service: who, when, which operator and subject, what and why. Append-only, never part of a
-- projection rebuild.
CREATE TABLE query.access_audit (
    id          BIGSERIAL     NOT NULL PRIMARY KEY,
    accessed_at TIMESTAMPTZ   NOT NULL,
    actor       VARCHAR(256)  NOT NULL,
    remote_addr VARCHAR(64),
    action      VARCHAR(32)   NOT NULL,
    operator    CHAR(12),
    subject     VARCHAR(128),
    reason      VARCHAR(1024) NOT NULL,
    request     VARCHAR(2048) NOT NULL
);

CREATE INDEX access_audit_subject ON query.access_audit (operator, subject, accessed_at);
CREATE INDEX access_audit_time ON query.access_audit (accessed_at);

CREATE FUNCTION query.reject_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %.% is not allowed: the access audit is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END
$$;

CREATE TRIGGER access_audit_append_only BEFORE UPDATE OR DELETE ON query.access_audit
    FOR EACH ROW EXECUTE FUNCTION query.reject_rewrite();
CREATE TRIGGER access_audit_no_truncate BEFORE TRUNCATE ON query.access_audit
    FOR EACH STATEMENT EXECUTE FUNCTION query.reject_rewrite();
