-- Which master key the store is written with (issue 29: several instances of each service, ADR 0026). Every instance
-- of both services is given the master key by configuration; one started with another key would seal fields no other
-- instance opens and write leaf MACs the verification reports as forged. The first instance to start stores a MAC of
-- a fixed text under its key (after checking that key against the newest leaf MAC and the newest live subject key);
-- every instance compares its own at start and refuses to run with another. One row, written once: the app role may
-- insert it, never change it.
CREATE TABLE ledger.master_key_check (
    id         SMALLINT    NOT NULL PRIMARY KEY CHECK (id = 1),
    mac        BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
