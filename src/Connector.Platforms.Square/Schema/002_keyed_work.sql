-- Jobs moved to Hangfire: an inbox row now names the keyed work its event requested ("square:order:<id>"), which
-- outlives any one job id (a request while a job runs makes another run).
ALTER TABLE square.webhook_inbox DROP COLUMN job_id;
ALTER TABLE square.webhook_inbox ADD COLUMN work_key text;
