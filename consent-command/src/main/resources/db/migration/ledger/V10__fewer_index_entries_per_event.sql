-- Fewer index entries per event (issue 29, ADR 0028). An event's identifier is a random UUID the ledger itself writes
-- once; nothing looks an event up by it, and the store's other keys (the global index, the stream's sequence number,
-- the chain's position) already make each row and each link unique. Its two unique indexes cost two of the eight index
-- entries an event wrote, both at random places in their B-trees, which at ten million events means a page read from
-- disk each. The identifier stays in both tables, hashed into the chain as before.
ALTER TABLE ledger.domain_event_entry DROP CONSTRAINT domain_event_entry_event_identifier;
ALTER TABLE ledger.event_chain DROP CONSTRAINT event_chain_event_identifier_key;
