-- Claim ownership by a live process. Each dispatcher process registers an owner id here and refreshes
-- heartbeat_at every few seconds; a claim records its owner, so a claim whose owner's row is missing or whose
-- heartbeat is stale is taken over at once instead of after claim_expires_at (which stays the hard upper bound).
-- No foreign key: an owner's row is deleted on clean shutdown (or pruned) while rows may still name it, and a
-- missing row is exactly what "the owner is dead" looks like.
CREATE TABLE leat.dispatch_owner (
    owner_id        uuid        PRIMARY KEY,
    heartbeat_at    timestamptz NOT NULL,
    started_at      timestamptz NOT NULL,
    host            text        NOT NULL
);

-- Null for claims made before this script (or by a process without an owner): those expire as before.
ALTER TABLE leat.dispatch ADD COLUMN claim_owner uuid;
