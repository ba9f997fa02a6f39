-- The latest business time the current-consent projection has applied for a subject (issue 28, ADR 0023). An event
-- at or after it continues the subject's fold step by step; an earlier one (a late arrival), a re-judgment, or a
-- subject projected before this column existed (NULL) makes the projection fold the subject again from the store.
ALTER TABLE query.subject ADD COLUMN last_occurred_at TIMESTAMPTZ;
