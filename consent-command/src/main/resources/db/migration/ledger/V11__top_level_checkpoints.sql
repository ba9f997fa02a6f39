-- Sharding by operator (issue 29, ADR 0029). Each shard is a ledger of its own (database, chain, checkpoints under
-- the origin BASE/SHARD); the first shard in the map also signs, with the ledger's key under BASE/shards, the newest
-- head of every shard at once (TopLevelCheckpoint). Empty in a ledger that is not sharded.
CREATE TABLE ledger.top_level_checkpoint (
    sequence    BIGSERIAL   NOT NULL PRIMARY KEY,
    -- The signed note: the top-level origin, the number of shards, the Merkle root over the shard lines, the lines
    -- "time INSTANT" and "map DIGEST", one line "ORIGIN SIZE ROOT" per shard, and the ledger's signature.
    note        TEXT        NOT NULL,
    sealed_at   TIMESTAMPTZ NOT NULL
);
CREATE TRIGGER top_level_checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger.top_level_checkpoint
    FOR EACH ROW EXECUTE FUNCTION ledger.reject_rewrite();
CREATE TRIGGER top_level_checkpoint_no_truncate BEFORE TRUNCATE ON ledger.top_level_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_rewrite();
