-- What the NewStore jobs keep beyond the webhook inbox (whose rows retention deletes): per order, the latest order
-- document (so a return, cancellation or appeasement arriving later finds its order without asking NewStore) and the
-- item ids cancelled so far (so a sale sent after a cancellation omits those units). Only the order's own job writes
-- a row (one live job per order), and every write is an upsert, so a job run twice writes the same.
CREATE SCHEMA IF NOT EXISTS newstore;

CREATE TABLE newstore.order_state (
    order_id            text        PRIMARY KEY,
    document            jsonb,
    cancelled_item_ids  text[]      NOT NULL DEFAULT '{}',
    updated_at          timestamptz NOT NULL DEFAULT now()
);
