-- A rebuild may be cancelled (issue 29, ADR 0027) until its switch: state 'cancelled' says the live tables stayed
-- live and the live processor was let go on from where it was fenced, if it was. The shadow tables are left as they
-- were and prepared afresh by the next rebuild, which may start once the quiet period after a finish has passed.
ALTER TABLE query.projection_rebuild DROP CONSTRAINT projection_rebuild_state_check;
ALTER TABLE query.projection_rebuild ADD CONSTRAINT projection_rebuild_state_check
    CHECK (state IN ('replaying', 'switching', 'catching-up', 'done', 'cancelled'));
