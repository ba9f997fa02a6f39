-- Trust anchors (issue 26, ADR 0024, docs/tamper-evidence.md). One RFC 6962 tree over every ledger position; each
-- tree head is a c2sp.org/tlog-checkpoint signed by the ledger's key and cosigned by witnesses. The range
-- checkpoints of ledger.checkpoint (signed with keys the store itself listed in ledger.signing_key) are no longer
-- written or trusted: they stay as the record of what was signed before.

CREATE TABLE ledger.tree_head (
    size        BIGINT      NOT NULL PRIMARY KEY,
    root        BYTEA       NOT NULL,
    -- The signed note as the ledger signed it: body (origin, size, root, heads and audit lines) and its signature.
    note        TEXT        NOT NULL,
    -- The tree's right edge at this size (CompactRange): the next seal's and consistency proofs' starting point.
    frontier    BYTEA       NOT NULL,
    sealed_at   TIMESTAMPTZ NOT NULL
);

-- What each witness answered: its cosignature line of a tree head.
CREATE TABLE ledger.cosignature (
    size        BIGINT       NOT NULL REFERENCES ledger.tree_head (size),
    witness     VARCHAR(255) NOT NULL,
    line        TEXT         NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (size, witness)
);

-- Envelope 2 hashes every column of the stored event, Axon's aggregate type included; events chained before this
-- migration keep envelope 1. The leaf MAC (HMAC-SHA-256 of the leaf under a key derived from the master key, which
-- the database does not hold) lets the whole-store verification name an altered event even when the chain rows were
-- recomputed around it; a position of envelope 2 without one was not appended by the ledger.
ALTER TABLE ledger.event_chain ADD COLUMN envelope SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE ledger.event_chain ADD COLUMN leaf_mac BYTEA;
ALTER TABLE ledger.event_chain ALTER COLUMN envelope SET DEFAULT 2;
ALTER TABLE ledger.event_chain ADD CONSTRAINT event_chain_envelope CHECK (envelope IN (1, 2));
ALTER TABLE ledger.event_chain ADD CONSTRAINT event_chain_mac CHECK (envelope = 1 OR leaf_mac IS NOT NULL);

CREATE TRIGGER tree_head_append_only BEFORE UPDATE OR DELETE ON ledger.tree_head
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER tree_head_no_truncate BEFORE TRUNCATE ON ledger.tree_head
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER cosignature_append_only BEFORE UPDATE OR DELETE ON ledger.cosignature
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER cosignature_no_truncate BEFORE TRUNCATE ON ledger.cosignature
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER event_chain_no_truncate BEFORE TRUNCATE ON ledger.event_chain
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_rewrite();

-- Key rotations (ADR 0024): each a signed note, "consent-ledger key rotation" / origin / "previous VKEY" /
-- "next VKEY" / "from SIZE", signed by the previous key and by the next. A verifier that trusts an old key follows
-- the statements to the current one; bundles carry them.
CREATE TABLE ledger.key_rotation (
    sequence    BIGINT      NOT NULL PRIMARY KEY,
    note        TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE TRIGGER key_rotation_append_only BEFORE UPDATE OR DELETE ON ledger.key_rotation
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER key_rotation_no_truncate BEFORE TRUNCATE ON ledger.key_rotation
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_rewrite();
