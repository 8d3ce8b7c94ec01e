-- The platform kit: what every platform's intake shares, keyed by platform ("square", "newstore", …).
CREATE SCHEMA IF NOT EXISTS intake;

-- Every verified webhook delivery, once: platforms deliver at least once, so (platform, event_id) is the key and a
-- redelivery writes nothing. The row and its work request (jobs.keyed_work) commit in one statement; work_key names
-- the keyed work it requested ("square:order:<id>"), which outlives any one job.
CREATE TABLE intake.webhook_inbox (
    platform     text        NOT NULL,
    event_id     text        NOT NULL,
    account_id   text,
    event_type   text        NOT NULL,
    object_type  text,
    object_id    text,
    received_at  timestamptz NOT NULL,
    body         jsonb       NOT NULL,
    work_key     text,
    PRIMARY KEY (platform, event_id)
);
CREATE INDEX webhook_inbox_received_at ON intake.webhook_inbox (platform, received_at);
CREATE INDEX webhook_inbox_object ON intake.webhook_inbox (object_id) WHERE object_id IS NOT NULL;
CREATE INDEX webhook_inbox_work ON intake.webhook_inbox (work_key) WHERE work_key IS NOT NULL;

-- Refused deliveries, for ops: a burst of invalid signatures usually means a wrong key or a URL rewritten by a proxy.
-- Unverified requests (anyone can send them) are counted, not stored one by one: one row per platform, reason,
-- address and minute, so a flood cannot grow the table without bound, and their bodies are never kept. A verified
-- but unusable delivery gets a row of its own with its body (as text: it may not be valid JSON).
CREATE TABLE intake.webhook_rejection (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform         text        NOT NULL,
    received_at      timestamptz NOT NULL,
    last_at          timestamptz NOT NULL,
    count            int         NOT NULL DEFAULT 1,
    status_code      int         NOT NULL,
    reason           text        NOT NULL,
    signature_valid  boolean     NOT NULL,
    body_size        bigint,
    event_id         text,
    remote_address   text,
    body             text,
    minute           timestamptz,
    CHECK (signature_valid OR body IS NULL),
    CHECK (signature_valid = (minute IS NULL))
);
CREATE INDEX webhook_rejection_received_at ON intake.webhook_rejection (platform, received_at);
CREATE UNIQUE INDEX webhook_rejection_unsigned ON intake.webhook_rejection (platform, minute, reason, coalesce(remote_address, ''))
    WHERE NOT signature_valid;

-- How far each platform's poll has read, per scope and kind; it reads again from checkpoint minus an overlap, so
-- moving it forward is safe even if a page is read twice. It only ever moves forward.
CREATE TABLE intake.poll_checkpoint (
    platform    text        NOT NULL,
    scope       text        NOT NULL,
    kind        text        NOT NULL,
    checkpoint  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, scope, kind)
);
