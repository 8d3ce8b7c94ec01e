-- Square webhook reception and polling state.
CREATE SCHEMA IF NOT EXISTS square;

-- Every verified webhook delivery, once: Square delivers at least once (retries for 72 h), so event_id is the
-- primary key and a redelivery is an INSERT ... ON CONFLICT DO NOTHING. The row and its sync job commit in one
-- transaction; job_id is the job that will (or did) handle it, possibly one that another event had already enqueued.
CREATE TABLE square.webhook_inbox (
    event_id     text        PRIMARY KEY,
    merchant_id  text,
    event_type   text        NOT NULL,
    -- data.type and data.id of the envelope (for order events data.id is the order id).
    object_type  text,
    object_id    text,
    received_at  timestamptz NOT NULL,
    body         jsonb       NOT NULL,
    job_id       bigint
);
CREATE INDEX webhook_inbox_received_at ON square.webhook_inbox (received_at DESC);
CREATE INDEX webhook_inbox_object ON square.webhook_inbox (object_id) WHERE object_id IS NOT NULL;

-- Deliveries that were refused (bad signature, malformed, oversized), for ops: a burst of invalid signatures usually
-- means a wrong key or a notification URL rewritten by a proxy. The body of an unverified request is never kept
-- (anyone can send one); a verified but unusable body is kept as text because it may not be valid JSON.
CREATE TABLE square.webhook_rejection (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at      timestamptz NOT NULL,
    status_code      int         NOT NULL,
    reason           text        NOT NULL,
    signature_valid  boolean     NOT NULL,
    body_size        bigint,
    event_id         text,
    remote_address   text,
    body             text,
    CHECK (signature_valid OR body IS NULL)
);
CREATE INDEX webhook_rejection_received_at ON square.webhook_rejection (received_at DESC);

-- How far the poller has read, per scope (merchant or location group) and kind; it reads again from
-- checkpoint minus an overlap window, so moving it forward is safe even if a page is read twice.
CREATE TABLE square.poll_checkpoint (
    merchant_or_scope  text        NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('orders', 'refunds')),
    checkpoint         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_or_scope, kind)
);
