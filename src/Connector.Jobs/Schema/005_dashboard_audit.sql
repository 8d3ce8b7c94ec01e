-- Who did what from the Hangfire ops dashboard. Hangfire keeps no record of dashboard actions, and a requeued or
-- deleted job's history does not say who asked for it, so every operator POST lands here. Job ids are Hangfire's
-- (text, storage-specific); a bulk action records all of the ids it changed plus its filter in detail.
-- IF NOT EXISTS: this table must not depend on the old engine's script that created the schema.
CREATE SCHEMA IF NOT EXISTS jobs;

CREATE TABLE jobs.dashboard_audit (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    action         text        NOT NULL,
    job_ids        text[]      NOT NULL DEFAULT '{}',
    job_count      int         NOT NULL DEFAULT 0,
    detail         text,
    remote_address text
);

-- The audit is read newest first.
CREATE INDEX dashboard_audit_at ON jobs.dashboard_audit (at DESC);
