-- jobs.enqueue no longer sends NOTIFY. PostgreSQL serialises the commits of every transaction that notified behind
-- one database-wide lock, so one NOTIFY per webhook made concurrent webhooks wait for each other. The client wakes the
-- fetchers after the commit instead: its own process at once, other instances by one NOTIFY per interval
-- (Engine/JobNotifier.cs).
CREATE OR REPLACE FUNCTION jobs.enqueue(
    p_kind text, p_args jsonb, p_args_version int, p_queue text, p_priority smallint, p_state text,
    p_run_at timestamptz, p_max_attempts int, p_unique_key text, p_business_key text, p_recurring_id text,
    p_reason text, p_now timestamptz)
RETURNS jobs.enqueued
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    result jobs.enqueued;
BEGIN
    LOOP
        -- The partial unique index decides duplicates (race-free): ON CONFLICT DO NOTHING waits for a concurrent
        -- inserter of the same key and then yields to it, and the look-up below finds the winner.
        INSERT INTO jobs.job AS j (kind, args, args_version, queue, priority, state, run_at, max_attempts,
                                   unique_key, business_key, recurring_id, created_at, updated_at)
        VALUES (p_kind, p_args, p_args_version, p_queue, p_priority, p_state, p_run_at, p_max_attempts,
                p_unique_key, p_business_key, p_recurring_id, p_now, p_now)
        ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('scheduled', 'enqueued', 'processing')
        DO NOTHING
        RETURNING j.id INTO result.job_id;

        IF result.job_id IS NOT NULL THEN
            INSERT INTO jobs.job_state (job_id, state, reason, at) VALUES (result.job_id, p_state, p_reason, p_now);
            result.created := true;
            RETURN result;
        END IF;

        SELECT j.id INTO result.job_id
          FROM jobs.job j
         WHERE j.unique_key = p_unique_key AND j.state IN ('scheduled', 'enqueued', 'processing');
        IF result.job_id IS NOT NULL THEN
            result.created := false;
            RETURN result;
        END IF;
        -- The holder of the key finished between our insert and our look-up: the key is free again, so insert anew.
    END LOOP;
END
$$;
