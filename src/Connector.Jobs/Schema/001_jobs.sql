-- The job engine's tables. Jobs are data: a stable kind string and JSON arguments, never CLR type names.
CREATE SCHEMA IF NOT EXISTS jobs;

CREATE TABLE jobs.job (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL,
    args             jsonb       NOT NULL,
    args_version     int         NOT NULL DEFAULT 1,
    queue            text        NOT NULL DEFAULT 'default',
    -- Higher runs first.
    priority         smallint    NOT NULL DEFAULT 0,
    state            text        NOT NULL CHECK (state IN ('scheduled', 'enqueued', 'processing', 'succeeded', 'failed', 'deleted')),
    -- Not before this moment. A scheduled job is taken once run_at has passed; a processing job whose
    -- lease expired is taken again by the dequeue itself.
    run_at           timestamptz NOT NULL DEFAULT now(),
    attempt          int         NOT NULL DEFAULT 0,
    max_attempts     int         NOT NULL DEFAULT 10,
    -- While a job with this key is scheduled, enqueued or processing, enqueuing the key returns that job.
    unique_key       text,
    -- What ops search for, e.g. 'square:order:XYZ'.
    business_key     text,
    -- Fencing: every state change made by a worker says WHERE id = @id AND lease_token = @token.
    lease_token      uuid,
    lease_expires_at timestamptz,
    worker           text,
    last_error       text,
    recurring_id     text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);

-- The dequeue reads only this small partial index.
CREATE INDEX job_available ON jobs.job (queue, priority DESC, run_at, id) WHERE state IN ('scheduled', 'enqueued');
CREATE INDEX job_leases ON jobs.job (lease_expires_at) WHERE state = 'processing';
CREATE UNIQUE INDEX job_unique_key_live ON jobs.job (unique_key) WHERE unique_key IS NOT NULL AND state IN ('scheduled', 'enqueued', 'processing');
-- Dashboard lists are keyset-paginated per state, newest first.
CREATE INDEX job_state_id ON jobs.job (state, id DESC);
CREATE INDEX job_business_key ON jobs.job (business_key) WHERE business_key IS NOT NULL;
CREATE INDEX job_kind_state ON jobs.job (kind, state);
CREATE INDEX job_succeeded_finished ON jobs.job (finished_at) WHERE state = 'succeeded';

-- Every state change, with a reason ("Retry 3 of 10: Leat answered 503", "Replayed from the dashboard by ops").
CREATE TABLE jobs.job_state (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id    bigint      NOT NULL REFERENCES jobs.job (id) ON DELETE CASCADE,
    state     text        NOT NULL,
    reason    text,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_state_job ON jobs.job_state (job_id, id);

-- Every execution attempt.
CREATE TABLE jobs.job_attempt (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      bigint      NOT NULL REFERENCES jobs.job (id) ON DELETE CASCADE,
    attempt     int         NOT NULL,
    worker      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    -- succeeded | retry | failed | lost (lease expired before the worker reported)
    outcome     text,
    error       text,
    exception   text
);
CREATE INDEX job_attempt_job ON jobs.job_attempt (job_id, attempt);

CREATE TABLE jobs.queue (
    name       text PRIMARY KEY,
    paused     boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs.recurring (
    id           text PRIMARY KEY,
    kind         text        NOT NULL,
    args         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    cron         text        NOT NULL,
    queue        text        NOT NULL DEFAULT 'default',
    enabled      boolean     NOT NULL DEFAULT true,
    -- The next slot to fire. Firing is a conditional UPDATE of this column, so one instance wins a slot.
    next_run_at  timestamptz NOT NULL,
    last_run_at  timestamptz,
    last_job_id  bigint,
    -- Set by "trigger now": fire at the next check regardless of the cron slot.
    trigger_requested boolean NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Live engine instances and their heartbeats.
CREATE TABLE jobs.server (
    id           text PRIMARY KEY,
    host         text        NOT NULL,
    workers      int         NOT NULL,
    queues       text[]      NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- Every operator action: who, what, when.
CREATE TABLE jobs.audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    target  text,
    detail  text
);
