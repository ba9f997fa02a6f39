-- The idempotency digest of ledger.ingested_event becomes an HMAC under a secret derived from the master key (ADR 0025):
-- a plain SHA-256 of an event's content outlives the erasure of its subject, every other input of it being readable in
-- the stored event, so a guessable personal field could be found by trying values against it. The rows written before
-- keep their plain SHA-256 (the table is append-only, and a redelivery of one must still be recognised); this column
-- says which digest a row holds. The default fills the old rows only: a new row must name its kind.
ALTER TABLE ledger.ingested_event
    ADD COLUMN content_digest_kind VARCHAR(16) NOT NULL DEFAULT 'sha256'
        CHECK (content_digest_kind IN ('sha256', 'hmac-sha256'));
ALTER TABLE ledger.ingested_event ALTER COLUMN content_digest_kind DROP DEFAULT;

COMMENT ON COLUMN ledger.ingested_event.content_sha256 IS
    'hex digest of the canonical content: HMAC-SHA-256 under a master-key secret, or plain SHA-256 (content_digest_kind)';
