using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Jobs.Admin;

/// <summary>
/// What ops people (dashboard and command line) can see and do with jobs. Reads compute everything from
/// the tables, never from counters. Every write is a guarded state change: one statement that changes a
/// row only if it is still in a state that allows it, records the reason in <c>jobs.job_state</c> and
/// writes who did it to <c>jobs.audit_log</c>, all in one transaction, so a concurrent worker or a second
/// operator can never be overwritten and no change goes unaudited.
/// </summary>
public sealed class JobAdmin
{
    /// <summary>The channel a waiting engine listens on; the payload is the queue name.</summary>
    public const string EnqueuedChannel = "jobs_enqueued";

    /// <summary>A server whose last heartbeat is older than this is shown as not live.</summary>
    public static readonly TimeSpan ServerLivenessWindow = TimeSpan.FromMinutes(2);

    private const string SummaryColumns =
        "id, kind, queue, state, priority, attempt, max_attempts, business_key, last_error, run_at, created_at, updated_at, finished_at";

    // The filter shared by lists and bulk actions. Null parameters switch a condition off, so the SQL text
    // stays constant (one prepared plan) whatever the operator filled in.
    private const string FilterSql =
        """
        state = @state
        AND (@queue::text IS NULL OR queue = @queue)
        AND (@kind::text IS NULL OR kind = @kind)
        AND (@from::timestamptz IS NULL OR created_at >= @from)
        AND (@to::timestamptz IS NULL OR created_at < @to)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <summary>Creates the admin layer over the engine's database.</summary>
    public JobAdmin(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Counts per state and queue, the oldest waiting job, last hour's throughput, schedules, servers and paused queues.</summary>
    public async Task<JobsOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        var counts = new List<QueueStateCount>();
        await using (var command = new NpgsqlCommand("SELECT queue, state, count(*) FROM jobs.job GROUP BY queue, state ORDER BY queue, state", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add(new QueueStateCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        JobSummary? oldest = null;
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT {SummaryColumns} FROM jobs.job
            WHERE state IN ('scheduled', 'enqueued') AND run_at <= @now
            ORDER BY run_at, id LIMIT 1
            """, connection))
        {
            AddTimestamp(command, "now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                oldest = ReadSummary(reader);
            }
        }

        long succeeded, failed;
        await using (var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE state = 'succeeded'), count(*) FILTER (WHERE state = 'failed')
            FROM jobs.job WHERE finished_at >= @since AND state IN ('succeeded', 'failed')
            """, connection))
        {
            AddTimestamp(command, "since", now.AddHours(-1));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            succeeded = reader.GetInt64(0);
            failed = reader.GetInt64(1);
        }

        var recurring = await ReadRecurringAsync(connection, cancellationToken);
        var servers = await ReadServersAsync(connection, now, cancellationToken);

        var paused = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT name FROM jobs.queue WHERE paused ORDER BY name", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                paused.Add(reader.GetString(0));
            }
        }

        return new JobsOverview(now, counts, oldest, succeeded, failed, recurring, servers, paused);
    }

    /// <summary>
    /// One page of jobs matching <paramref name="filter"/>, newest first. Pass the previous page's
    /// <see cref="KeysetPage{T}.NextBefore"/> as <paramref name="before"/> to continue.
    /// </summary>
    public async Task<KeysetPage<JobSummary>> ListAsync(JobFilter filter, long? before = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ValidateFilter(filter);
        limit = Math.Clamp(limit, 1, 500);
        await using var command = _dataSource.CreateCommand(
            $"""
            SELECT {SummaryColumns} FROM jobs.job
            WHERE {FilterSql}
            AND (@before::bigint IS NULL OR id < @before)
            ORDER BY id DESC
            LIMIT @take
            """);
        AddFilter(command, filter);
        AddNullable(command, "before", NpgsqlDbType.Bigint, before);
        command.Parameters.AddWithValue("take", limit + 1);
        var items = await ReadSummariesAsync(command, cancellationToken);
        if (items.Count <= limit)
        {
            return new KeysetPage<JobSummary>(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new KeysetPage<JobSummary>(items, items[^1].Id);
    }

    /// <summary>
    /// Jobs whose business key equals <paramref name="query"/> or starts with it, plus the job whose id it
    /// is when it is a number; exact matches first, then newest first.
    /// </summary>
    public async Task<IReadOnlyList<JobSummary>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default)
    {
        query = query.Trim();
        if (query.Length == 0)
        {
            return [];
        }

        await using var command = _dataSource.CreateCommand(
            $"""
            SELECT {SummaryColumns} FROM jobs.job
            WHERE id = @id OR business_key = @q OR business_key LIKE @prefix ESCAPE '\'
            ORDER BY CASE WHEN id = @id OR business_key = @q THEN 0 ELSE 1 END, id DESC
            LIMIT @limit
            """);
        AddNullable(command, "id", NpgsqlDbType.Bigint, long.TryParse(query, out var id) ? id : null);
        command.Parameters.AddWithValue("q", query);
        command.Parameters.AddWithValue("prefix", EscapeLike(query) + "%");
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 500));
        return await ReadSummariesAsync(command, cancellationToken);
    }

    /// <summary>The job with its arguments pretty-printed, every attempt and its state history; null when there is no such job.</summary>
    public async Task<JobDetail?> GetJobAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        JobSummary summary;
        string args;
        int argsVersion;
        string? uniqueKey, worker, recurringId;
        DateTimeOffset? leaseExpiresAt;
        await using (var command = new NpgsqlCommand(
            $"SELECT {SummaryColumns}, args::text, args_version, unique_key, worker, lease_expires_at, recurring_id FROM jobs.job WHERE id = @id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            summary = ReadSummary(reader);
            args = reader.GetString(13);
            argsVersion = reader.GetInt32(14);
            uniqueKey = NullableString(reader, 15);
            worker = NullableString(reader, 16);
            leaseExpiresAt = NullableTimestamp(reader, 17);
            recurringId = NullableString(reader, 18);
        }

        var attempts = new List<JobAttemptInfo>();
        await using (var command = new NpgsqlCommand(
            "SELECT attempt, worker, started_at, finished_at, outcome, error, exception FROM jobs.job_attempt WHERE job_id = @id ORDER BY attempt, id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                attempts.Add(new JobAttemptInfo(
                    reader.GetInt32(0),
                    reader.GetString(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    NullableTimestamp(reader, 3),
                    NullableString(reader, 4),
                    NullableString(reader, 5),
                    NullableString(reader, 6)));
            }
        }

        var history = new List<JobStateChange>();
        await using (var command = new NpgsqlCommand("SELECT state, reason, at FROM jobs.job_state WHERE job_id = @id ORDER BY id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                history.Add(new JobStateChange(reader.GetString(0), NullableString(reader, 1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        return new JobDetail(summary, PrettyJson(args), argsVersion, uniqueKey, worker, leaseExpiresAt, recurringId, attempts, history);
    }

    /// <summary>Every recurring job with its schedule, last and next run.</summary>
    public async Task<IReadOnlyList<RecurringJobInfo>> ListRecurringAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadRecurringAsync(connection, cancellationToken);
    }

    /// <summary>Every registered engine instance, live or not, most recent heartbeat first.</summary>
    public async Task<IReadOnlyList<ServerInfo>> ListServersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadServersAsync(connection, Now, cancellationToken);
    }

    /// <summary>Every queue that has unfinished or failed jobs, a pause flag or a recurring job, with its counts.</summary>
    public async Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT n.name, coalesce(q.paused, false),
                   count(j.id) FILTER (WHERE j.state = 'scheduled'),
                   count(j.id) FILTER (WHERE j.state = 'enqueued'),
                   count(j.id) FILTER (WHERE j.state = 'processing'),
                   count(j.id) FILTER (WHERE j.state = 'failed')
            FROM (
                SELECT DISTINCT queue AS name FROM jobs.job WHERE state IN ('scheduled', 'enqueued', 'processing', 'failed')
                UNION SELECT name FROM jobs.queue
                UNION SELECT queue FROM jobs.recurring
            ) n
            LEFT JOIN jobs.queue q ON q.name = n.name
            LEFT JOIN jobs.job j ON j.queue = n.name AND j.state IN ('scheduled', 'enqueued', 'processing', 'failed')
            GROUP BY n.name, q.paused
            ORDER BY n.name
            """);
        var queues = new List<QueueInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            queues.Add(new QueueInfo(reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return queues;
    }

    /// <summary>One page of the audit log, newest first.</summary>
    public async Task<KeysetPage<AuditEntry>> ListAuditAsync(long? before = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, 500);
        await using var command = _dataSource.CreateCommand(
            """
            SELECT id, at, actor, action, target, detail FROM jobs.audit_log
            WHERE (@before::bigint IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @take
            """);
        AddNullable(command, "before", NpgsqlDbType.Bigint, before);
        command.Parameters.AddWithValue("take", limit + 1);
        var items = new List<AuditEntry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), NullableString(reader, 4), NullableString(reader, 5)));
            }
        }

        if (items.Count <= limit)
        {
            return new KeysetPage<AuditEntry>(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new KeysetPage<AuditEntry>(items, items[^1].Id);
    }

    /// <summary>
    /// Moves a Failed or Scheduled job to Enqueued to run now, and wakes the engine. The attempt count is
    /// kept (the history stays honest) but the attempt budget is extended by at least one so the replay
    /// actually runs. Refused for any other state: a succeeded job is not run twice by accident, and a
    /// processing job belongs to its worker.
    /// </summary>
    public async Task<AdminResult> RetryAsync(long id, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            WITH moved AS (
                UPDATE jobs.job
                SET state = 'enqueued', run_at = @now, max_attempts = greatest(max_attempts, attempt + 1),
                    lease_token = NULL, lease_expires_at = NULL, worker = NULL, finished_at = NULL, updated_at = @now
                WHERE id = @id AND state IN ('failed', 'scheduled')
                RETURNING id, queue
            ), history AS (
                INSERT INTO jobs.job_state (job_id, state, reason, at) SELECT id, 'enqueued', @reason, @now FROM moved
            ), audit AS (
                INSERT INTO jobs.audit_log (at, actor, action, target, detail) SELECT @now, @actor, 'job.retry', 'job:' || id, @reason FROM moved
            )
            SELECT queue FROM moved
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        AddAction(command, now, actor, reason);
        string? queue;
        try
        {
            queue = (string?)await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The job's unique key is held by another live job: running both would break the key's promise.
            return new AdminResult(AdminOutcome.Refused, $"Job {id} was not retried: another scheduled, enqueued or processing job has the same unique key.");
        }

        if (queue is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefusalAsync(id, "retried", "only failed or scheduled jobs can be retried", cancellationToken);
        }

        await NotifyAsync(connection, transaction, [queue], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AdminResult(AdminOutcome.Done, $"Job {id} was enqueued to run now.");
    }

    /// <summary>Marks a job Deleted. Refused while it is processing (its worker owns it) and when already deleted.</summary>
    public async Task<AdminResult> DeleteAsync(long id, string actor, string reason, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            """
            WITH moved AS (
                UPDATE jobs.job
                SET state = 'deleted', lease_token = NULL, lease_expires_at = NULL,
                    finished_at = coalesce(finished_at, @now), updated_at = @now
                WHERE id = @id AND state NOT IN ('processing', 'deleted')
                RETURNING id
            ), history AS (
                INSERT INTO jobs.job_state (job_id, state, reason, at) SELECT id, 'deleted', @reason, @now FROM moved
            ), audit AS (
                INSERT INTO jobs.audit_log (at, actor, action, target, detail) SELECT @now, @actor, 'job.delete', 'job:' || id, @reason FROM moved
            )
            SELECT count(*) FROM moved
            """);
        command.Parameters.AddWithValue("id", id);
        AddAction(command, Now, actor, reason);
        var changed = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return changed == 1
            ? new AdminResult(AdminOutcome.Done, $"Job {id} was deleted.")
            : await RefusalAsync(id, "deleted", "processing jobs belong to their worker and deleted jobs stay deleted", cancellationToken);
    }

    /// <summary>
    /// Retries every job matching <paramref name="filter"/> (whose state must be failed or scheduled) in one
    /// server-side statement, whatever the number of rows, and returns how many were enqueued. Of jobs that
    /// share a unique key only the newest is enqueued, and none whose key is held by a live job.
    /// </summary>
    public async Task<int> RetryMatchingAsync(JobFilter filter, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ValidateFilter(filter);
        if (filter.State is not (JobStates.Failed or JobStates.Scheduled))
        {
            throw new ArgumentException($"Only failed or scheduled jobs can be retried, not {filter.State}.", nameof(filter));
        }

        var now = Now;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The candidate scan takes no locks (DISTINCT ON forbids FOR UPDATE); the UPDATE re-checks the
        // state on the locked row, so a job a worker or another operator changed meanwhile is left alone.
        await using var command = new NpgsqlCommand(
            $"""
            WITH candidates AS (
                SELECT DISTINCT ON (coalesce(j.unique_key, j.id::text)) j.id
                FROM jobs.job j
                WHERE {FilterSql}
                AND (j.unique_key IS NULL OR NOT EXISTS (
                    SELECT 1 FROM jobs.job l
                    WHERE l.unique_key = j.unique_key AND l.id <> j.id AND l.state IN ('scheduled', 'enqueued', 'processing')))
                ORDER BY coalesce(j.unique_key, j.id::text), j.id DESC
            ), moved AS (
                UPDATE jobs.job
                SET state = 'enqueued', run_at = @now, max_attempts = greatest(max_attempts, attempt + 1),
                    lease_token = NULL, lease_expires_at = NULL, worker = NULL, finished_at = NULL, updated_at = @now
                WHERE id IN (SELECT id FROM candidates) AND state = @state
                RETURNING id, queue
            ), history AS (
                INSERT INTO jobs.job_state (job_id, state, reason, at) SELECT id, 'enqueued', @reason, @now FROM moved
            ), audit AS (
                INSERT INTO jobs.audit_log (at, actor, action, target, detail)
                SELECT @now, @actor, 'jobs.retry-matching', @target, (SELECT count(*) FROM moved) || ' job(s): ' || @reason
            )
            SELECT (SELECT count(*) FROM moved)::int, coalesce((SELECT array_agg(DISTINCT queue) FROM moved), ARRAY[]::text[])
            """, connection, transaction);
        AddFilter(command, filter);
        AddAction(command, now, actor, reason);
        command.Parameters.AddWithValue("target", filter.Describe());
        int count;
        string[] queues;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            count = reader.GetInt32(0);
            queues = reader.GetFieldValue<string[]>(1);
        }

        await NotifyAsync(connection, transaction, queues, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// Deletes every job matching <paramref name="filter"/> in one server-side statement and returns how
    /// many were deleted. Processing and already deleted jobs are never matched.
    /// </summary>
    public async Task<int> DeleteMatchingAsync(JobFilter filter, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ValidateFilter(filter);
        if (filter.State is JobStates.Processing or JobStates.Deleted)
        {
            throw new ArgumentException($"Jobs in state {filter.State} cannot be deleted.", nameof(filter));
        }

        await using var command = _dataSource.CreateCommand(
            $"""
            WITH moved AS (
                UPDATE jobs.job
                SET state = 'deleted', lease_token = NULL, lease_expires_at = NULL,
                    finished_at = coalesce(finished_at, @now), updated_at = @now
                WHERE {FilterSql}
                RETURNING id
            ), history AS (
                INSERT INTO jobs.job_state (job_id, state, reason, at) SELECT id, 'deleted', @reason, @now FROM moved
            ), audit AS (
                INSERT INTO jobs.audit_log (at, actor, action, target, detail)
                SELECT @now, @actor, 'jobs.delete-matching', @target, (SELECT count(*) FROM moved) || ' job(s): ' || @reason
            )
            SELECT count(*)::int FROM moved
            """);
        AddFilter(command, filter);
        AddAction(command, Now, actor, reason);
        command.Parameters.AddWithValue("target", filter.Describe());
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Asks the engine to fire a recurring job at its next check, regardless of its cron slot. Refused when it is disabled.</summary>
    public Task<AdminResult> TriggerRecurringAsync(string id, string actor, CancellationToken cancellationToken = default) =>
        ChangeRecurringAsync(
            id,
            actor,
            "recurring.trigger",
            "trigger_requested = true",
            "enabled",
            $"Recurring job {id} will fire at the engine's next check.",
            $"Recurring job {id} is disabled; enable it before triggering it.",
            cancellationToken);

    /// <summary>Enables or disables a recurring job.</summary>
    public Task<AdminResult> SetRecurringEnabledAsync(string id, bool enabled, string actor, CancellationToken cancellationToken = default) =>
        ChangeRecurringAsync(
            id,
            actor,
            enabled ? "recurring.enable" : "recurring.disable",
            enabled ? "enabled = true" : "enabled = false",
            "true",
            $"Recurring job {id} is {(enabled ? "enabled" : "disabled")}.",
            "",
            cancellationToken);

    /// <summary>Pauses or resumes a queue (the engine stops or resumes taking its jobs); resuming wakes the engine.</summary>
    public async Task<AdminResult> SetQueuePausedAsync(string queue, bool paused, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(queue))
        {
            throw new ArgumentException("A queue name is required.", nameof(queue));
        }

        var now = Now;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            """
            WITH upsert AS (
                INSERT INTO jobs.queue (name, paused, updated_at) VALUES (@queue, @paused, @now)
                ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at
            )
            INSERT INTO jobs.audit_log (at, actor, action, target, detail) VALUES (@now, @actor, @action, 'queue:' || @queue, NULL)
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("queue", queue);
            command.Parameters.AddWithValue("paused", paused);
            command.Parameters.AddWithValue("actor", actor);
            command.Parameters.AddWithValue("action", paused ? "queue.pause" : "queue.resume");
            AddTimestamp(command, "now", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!paused)
        {
            await NotifyAsync(connection, transaction, [queue], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new AdminResult(AdminOutcome.Done, $"Queue {queue} is {(paused ? "paused" : "running")}.");
    }

    private async Task<AdminResult> ChangeRecurringAsync(
        string id, string actor, string action, string set, string guard, string done, string refused, CancellationToken cancellationToken)
    {
        // set and guard are constants chosen by the callers above, never operator input.
        await using var command = _dataSource.CreateCommand(
            $"""
            WITH moved AS (
                UPDATE jobs.recurring SET {set}, updated_at = @now WHERE id = @id AND {guard} RETURNING id
            ), audit AS (
                INSERT INTO jobs.audit_log (at, actor, action, target, detail) SELECT @now, @actor, @action, 'recurring:' || id, NULL FROM moved
            )
            SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM jobs.recurring WHERE id = @id)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("action", action);
        AddTimestamp(command, "now", Now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetInt64(0) == 1)
        {
            return new AdminResult(AdminOutcome.Done, done);
        }

        return reader.GetInt64(1) == 0
            ? new AdminResult(AdminOutcome.NotFound, $"There is no recurring job {id}.")
            : new AdminResult(AdminOutcome.Refused, refused);
    }

    private async Task<AdminResult> RefusalAsync(long id, string verb, string rule, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT state FROM jobs.job WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        var state = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return state is null
            ? new AdminResult(AdminOutcome.NotFound, $"There is no job {id}.")
            : new AdminResult(AdminOutcome.Refused, $"Job {id} is {state} and was not {verb}: {rule}.");
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] queues, CancellationToken cancellationToken)
    {
        if (queues.Length == 0)
        {
            return;
        }

        // Delivered at commit, so a woken engine always sees the enqueued rows.
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, q) FROM unnest(@queues) q", connection, transaction);
        command.Parameters.AddWithValue("channel", EnqueuedChannel);
        command.Parameters.AddWithValue("queues", queues);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<RecurringJobInfo>> ReadRecurringAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT r.id, r.kind, r.cron, r.queue, r.enabled, r.next_run_at, r.last_run_at, r.last_job_id, j.state, r.trigger_requested
            FROM jobs.recurring r LEFT JOIN jobs.job j ON j.id = r.last_job_id
            ORDER BY r.id
            """, connection);
        var items = new List<RecurringJobInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new RecurringJobInfo(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetBoolean(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                NullableTimestamp(reader, 6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7),
                NullableString(reader, 8),
                reader.GetBoolean(9)));
        }

        return items;
    }

    private static async Task<List<ServerInfo>> ReadServersAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id, host, workers, queues, started_at, heartbeat_at FROM jobs.server ORDER BY heartbeat_at DESC, id", connection);
        var items = new List<ServerInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var heartbeat = reader.GetFieldValue<DateTimeOffset>(5);
            items.Add(new ServerInfo(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetFieldValue<string[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                heartbeat,
                now - heartbeat < ServerLivenessWindow));
        }

        return items;
    }

    private static async Task<List<JobSummary>> ReadSummariesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var items = new List<JobSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadSummary(reader));
        }

        return items;
    }

    private static JobSummary ReadSummary(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetInt16(4),
        reader.GetInt32(5),
        reader.GetInt32(6),
        NullableString(reader, 7),
        NullableString(reader, 8),
        reader.GetFieldValue<DateTimeOffset>(9),
        reader.GetFieldValue<DateTimeOffset>(10),
        reader.GetFieldValue<DateTimeOffset>(11),
        NullableTimestamp(reader, 12));

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTimestamp(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static void ValidateFilter(JobFilter filter)
    {
        if (!JobStates.IsKnown(filter.State))
        {
            throw new ArgumentException($"Unknown job state '{filter.State}'. Known states: {string.Join(", ", JobStates.All)}.", nameof(filter));
        }
    }

    private static void AddFilter(NpgsqlCommand command, JobFilter filter)
    {
        command.Parameters.AddWithValue("state", filter.State);
        AddNullable(command, "queue", NpgsqlDbType.Text, string.IsNullOrWhiteSpace(filter.Queue) ? null : filter.Queue.Trim());
        AddNullable(command, "kind", NpgsqlDbType.Text, string.IsNullOrWhiteSpace(filter.Kind) ? null : filter.Kind.Trim());
        AddNullable(command, "from", NpgsqlDbType.TimestampTz, filter.From?.ToUniversalTime());
        AddNullable(command, "to", NpgsqlDbType.TimestampTz, filter.To?.ToUniversalTime());
    }

    private static void AddAction(NpgsqlCommand command, DateTimeOffset now, string actor, string reason)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException("Every admin action needs an actor for the audit log.", nameof(actor));
        }

        AddTimestamp(command, "now", now);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("reason", reason);
    }

    // Npgsql refuses DateTimeOffset values with a non-zero offset for timestamptz.
    private static void AddTimestamp(NpgsqlCommand command, string name, DateTimeOffset value) =>
        command.Parameters.AddWithValue(name, value.ToUniversalTime());

    private static void AddNullable(NpgsqlCommand command, string name, NpgsqlDbType type, object? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static string PrettyJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var buffer = new MemoryStream();
            // Relaxed escaping keeps the text readable; the dashboard HTML-encodes it when rendering.
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                document.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
