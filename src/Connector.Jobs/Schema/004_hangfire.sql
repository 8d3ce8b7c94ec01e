-- Jobs now run on Hangfire (schema "hangfire", installed by Hangfire.PostgreSql's own scripts under the migration
-- lock). The home-grown engine's tables go; nothing had shipped on them. What Hangfire does not do lives here.
DROP SCHEMA IF EXISTS jobs CASCADE;
CREATE SCHEMA jobs;

-- Keyed work: one row per business object ("square:order:<id>") with work requested, queued or running. It is
-- the outbox between an intake and Hangfire (job_id NULL: committed with the webhook, not handed over yet; the
-- sweeper hands over rows an instance left behind), and the guard that keeps one live job per object (a request
-- while the job runs sets rerun: one more run after this one, however many requests came).
CREATE TABLE jobs.keyed_work (
    key           text        PRIMARY KEY,
    kind          text        NOT NULL,
    id            text        NOT NULL,
    job_id        text,
    running       boolean     NOT NULL DEFAULT false,
    rerun         boolean     NOT NULL DEFAULT false,
    requested_at  timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX keyed_work_unhanded ON jobs.keyed_work (requested_at) WHERE job_id IS NULL;
CREATE INDEX keyed_work_updated ON jobs.keyed_work (updated_at) WHERE job_id IS NOT NULL;

-- Every Hangfire job made for a key, so Search and the command line find an order's jobs.
CREATE TABLE jobs.job_key (
    key         text        NOT NULL,
    job_id      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key, job_id)
);
CREATE INDEX job_key_created ON jobs.job_key (created_at);
