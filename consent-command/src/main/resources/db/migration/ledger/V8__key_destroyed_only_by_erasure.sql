-- A subject's key is destroyed only by a recorded erasure (ADR 0025). V6 lets the app role (shared by both services)
-- UPDATE ledger.subject_key only to destroy a key, but nothing tied that to the SubjectErased event: a statement could
-- destroy a key with no erasure recorded, or insert a tombstone (no key) for a subject yet to come, which keeps its
-- personal fields out for good. At commit, each key destroyed and each row inserted without a key needs a
-- SubjectErased event of the subject's stream stored by the same transaction. Deferred because the services destroy
-- the key in the erasure's command handler and insert the event later, at commit of the same unit of work.
--
-- "The same transaction" is the event row's xmin against the current transaction id, as the chainer does
-- (EventChainer): an event inserted in a subtransaction (a savepoint) has another xmin and does not count, which
-- refuses rather than allows; the services use none. The stream is '<operator>:<subject>' (LedgerStorage.subjectStream)
-- with the operator unpadded, and operator is CHAR(12): cast to text, its padding goes.
CREATE FUNCTION ledger.subject_key_destroyed_by_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM ledger.domain_event_entry e
            WHERE e.aggregate_identifier = NEW.operator::text || ':' || NEW.subject
            AND e.payload_type = 'kz.consentledger.events.SubjectErased'
            AND e.xmin = pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'ledger.subject_key of %:% may be left without a key only by a SubjectErased event of that subject '
            'stored in the same transaction', NEW.operator::text, NEW.subject;
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER subject_key_destroyed_by_erasure AFTER UPDATE ON ledger.subject_key
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.wrapped_key IS NOT NULL AND NEW.wrapped_key IS NULL)
    EXECUTE FUNCTION ledger.subject_key_destroyed_by_erasure();
CREATE CONSTRAINT TRIGGER subject_key_tombstone_by_erasure AFTER INSERT ON ledger.subject_key
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.wrapped_key IS NULL)
    EXECUTE FUNCTION ledger.subject_key_destroyed_by_erasure();
