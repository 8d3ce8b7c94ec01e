-- The dispatch ledger: one row per Leat effect (kind, external identifier). The unique key is what makes
-- "exactly one Leat call per business event" a database guarantee rather than a check.
CREATE SCHEMA IF NOT EXISTS leat;

CREATE TABLE leat.dispatch (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                text        NOT NULL CHECK (kind IN ('order', 'return')),
    external_id         text        NOT NULL,
    platform            text        NOT NULL,
    source_ids          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- For returns: the order's external identifier.
    order_external_id   text,
    status              text        NOT NULL CHECK (status IN ('pending', 'in_flight', 'succeeded', 'failed', 'skipped')),
    -- What the caller asked for (hash compared for drift) and what was actually sent (after capping).
    requested_hash      text        NOT NULL,
    payload             jsonb,
    payload_hash        text,
    -- Who holds the in-flight claim and until when; a claim past its deadline is taken over.
    claim_token         uuid,
    claim_expires_at    timestamptz,
    attempts            int         NOT NULL DEFAULT 0,
    leat_uuid           text,
    result_type         text,
    points              bigint,
    new_balance         bigint,
    last_error          text,
    -- How this row reached its status when that is not "Leat answered": already_in_leat, duplicate_rejected, ...
    resolution          text,
    skip_reason         text,
    -- Parts a return asked for beyond what remained returnable, and what was sent instead.
    caps                jsonb,
    -- The returnable balance this return holds (consumed at claim, given back if Leat refuses it for good).
    reserved            jsonb,
    drift_hash          text,
    drift_payload       jsonb,
    drift_at            timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    UNIQUE (kind, external_id)
);
CREATE INDEX dispatch_status ON leat.dispatch (status, updated_at DESC);
CREATE INDEX dispatch_order ON leat.dispatch (order_external_id) WHERE order_external_id IS NOT NULL;

-- What was sold per part of an order and what has been returned so far, across all returns.
-- Written when the order's dispatch succeeds; consumed (under a row lock) when a return is claimed,
-- released again if Leat refuses that return for good.
CREATE TABLE leat.returnable (
    order_external_id   text        NOT NULL,
    part                text        NOT NULL CHECK (part IN ('line', 'sub_line', 'charge', 'discount')),
    part_external_id    text        NOT NULL,
    sold_quantity       numeric     NOT NULL,
    sold_amount         bigint      NOT NULL,
    sold_discount       bigint      NOT NULL DEFAULT 0,
    returned_quantity   numeric     NOT NULL DEFAULT 0,
    returned_amount     bigint      NOT NULL DEFAULT 0,
    returned_discount   bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (order_external_id, part, part_external_id)
);

-- Email → Leat contact uuid, so find-or-create runs once per customer.
CREATE TABLE leat.contact (
    email       text PRIMARY KEY,
    uuid        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
