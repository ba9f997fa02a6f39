-- The query instances that share the projections' processors (issue 29): each writes its heartbeat here, so each
-- knows how many are alive and claims only its fair share of the segments (SegmentBalancer). Not evidence: rows
-- of instances gone for an hour are deleted.
CREATE TABLE query.processor_node (
    node_id  VARCHAR(255) NOT NULL PRIMARY KEY,
    seen_at  TIMESTAMPTZ  NOT NULL
);
