using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Connector.Jobs.Engine;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Jobs;

/// <summary>
/// Enqueues jobs and declares recurring schedules. Enqueue can join the caller's transaction, so "store the webhook and
/// enqueue its job" commits or rolls back as one. The wake-up follows the commit: an autocommit enqueue sends it
/// itself; a caller whose transaction or statement enqueued calls <see cref="NotifyCommitted"/> after its commit.
/// </summary>
public sealed class JobClient
{
    /// <summary>The NOTIFY channel of due jobs; Schema/002_enqueue.sql names it too.</summary>
    internal const string Channel = "jobs_enqueued";

    private readonly NpgsqlDataSource _dataSource;
    private readonly JobNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly JobsOptions _options;

    internal JobClient(NpgsqlDataSource dataSource, JobNotifier notifier, TimeProvider time, IOptions<JobsOptions> options)
    {
        _dataSource = dataSource;
        _notifier = notifier;
        _time = time;
        _options = options.Value;
    }

    /// <summary>Enqueues a job of <paramref name="kind"/> with arguments serialised by reflection (web defaults).</summary>
    public Task<EnqueuedJob> EnqueueAsync<TArgs>(string kind, TArgs args, EnqueueOptions? options = null, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        EnqueueJsonAsync(kind, JsonSerializer.Serialize(args, JobJson.Options), options ?? DefaultOptions, transaction, null, cancellationToken);

    /// <summary>Enqueues a job of <paramref name="kind"/> with arguments serialised by source-generated metadata.</summary>
    public Task<EnqueuedJob> EnqueueAsync<TArgs>(string kind, TArgs args, JsonTypeInfo<TArgs> typeInfo, EnqueueOptions? options = null, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        EnqueueJsonAsync(kind, JsonSerializer.Serialize(args, typeInfo), options ?? DefaultOptions, transaction, null, cancellationToken);

    /// <summary>
    /// Creates or updates a recurring schedule. Its next slot is recomputed only when the cron changes, and its
    /// enabled flag (an operator's decision) is left alone.
    /// </summary>
    public async Task UpsertRecurringAsync(RecurringJobDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var now = _time.GetUtcNow();
        var next = CronSchedule.NextAfter(definition.Cron, now);
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO jobs.recurring (id, kind, args, cron, queue, next_run_at, updated_at)
            VALUES (@id, @kind, @args::jsonb, @cron, @queue, @next, @now)
            ON CONFLICT (id) DO UPDATE SET
                kind = excluded.kind, args = excluded.args, queue = excluded.queue, cron = excluded.cron,
                next_run_at = CASE WHEN jobs.recurring.cron IS DISTINCT FROM excluded.cron
                                   THEN excluded.next_run_at ELSE jobs.recurring.next_run_at END,
                updated_at = excluded.updated_at
            """);
        command.Parameters.AddWithValue("id", definition.Id);
        command.Parameters.AddWithValue("kind", definition.Kind);
        command.Parameters.AddWithValue("args", definition.Args is null ? "{}" : JsonSerializer.Serialize(definition.Args, definition.Args.GetType(), JobJson.Options));
        command.Parameters.AddWithValue("cron", definition.Cron);
        command.Parameters.AddWithValue("queue", definition.Queue);
        command.Parameters.AddWithValue("next", next);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly EnqueueOptions DefaultOptions = new();

    internal async Task<EnqueuedJob> EnqueueJsonAsync(string kind, string argsJson, EnqueueOptions options, NpgsqlTransaction? transaction, string? recurringId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (transaction is not null)
        {
            return await InsertAsync(transaction.Connection!, transaction, kind, argsJson, options, recurringId, cancellationToken);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var job = await InsertAsync(connection, null, kind, argsJson, options, recurringId, cancellationToken);
        if (job.Created)
        {
            NotifyCommitted(QueueOf(options));
        }

        return job;
    }

    /// <summary>
    /// Wakes the fetchers of <paramref name="queue"/> after the caller's transaction or statement that enqueued (through
    /// <see cref="PrepareEnqueue{TArgs}"/> or a transaction passed to <c>EnqueueAsync</c>) has committed: this process's
    /// at once, other instances by a NOTIFY shared with the other enqueues of the moment. Without it the job still runs,
    /// found by the next poll (<see cref="JobsOptions.FallbackPollInterval"/>).
    /// </summary>
    public void NotifyCommitted(string queue = "default") => _notifier.Committed(queue);

    /// <summary>
    /// A call of <c>jobs.enqueue</c> to place inside the caller's own SQL statement, e.g. "store this event and, if it
    /// is new, enqueue its job" as one autocommit round trip. Use <see cref="JobEnqueueCall.Sql"/> as an expression
    /// of type <c>jobs.enqueued</c> (fields <c>job_id</c>, <c>created</c>) and add <see cref="JobEnqueueCall.Parameters"/>
    /// to the command; their names start with <c>jobs_</c>. The job is enqueued only if the expression is evaluated
    /// and the statement commits; a due job wakes the fetchers with the commit.
    /// </summary>
    public JobEnqueueCall PrepareEnqueue<TArgs>(string kind, TArgs args, JsonTypeInfo<TArgs> typeInfo, EnqueueOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return Prepare(kind, JsonSerializer.Serialize(args, typeInfo), options ?? DefaultOptions, null);
    }

    /// <summary>Inserts a job on <paramref name="connection"/>; a duplicate live unique key returns the existing job.</summary>
    internal async Task<EnqueuedJob> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, string argsJson, EnqueueOptions options, string? recurringId, CancellationToken cancellationToken)
    {
        var call = Prepare(kind, argsJson, options, recurringId);
        await using var command = new NpgsqlCommand($"SELECT (e).job_id, (e).created FROM (SELECT {call.Sql} AS e) AS enqueued", connection, transaction);
        foreach (var parameter in call.Parameters)
        {
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EnqueuedJob(reader.GetInt64(0), reader.GetBoolean(1));
    }

    private JobEnqueueCall Prepare(string kind, string argsJson, EnqueueOptions options, string? recurringId)
    {
        var now = _time.GetUtcNow();
        var queue = QueueOf(options);
        var runAt = (options.RunAt ?? (options.Delay is { } delay ? now + delay : now)).ToUniversalTime();
        var scheduled = runAt > now;
        var reason = recurringId is not null ? $"Fired by recurring job {recurringId}"
            : scheduled ? $"Scheduled for {runAt:O}" : "Enqueued";
        NpgsqlParameter[] parameters =
        [
            new("jobs_kind", NpgsqlDbType.Text) { Value = kind },
            new("jobs_args", NpgsqlDbType.Jsonb) { Value = argsJson },
            new("jobs_args_version", NpgsqlDbType.Integer) { Value = options.ArgsVersion },
            new("jobs_queue", NpgsqlDbType.Text) { Value = queue },
            new("jobs_priority", NpgsqlDbType.Smallint) { Value = options.Priority },
            new("jobs_state", NpgsqlDbType.Text) { Value = scheduled ? "scheduled" : "enqueued" },
            new("jobs_run_at", NpgsqlDbType.TimestampTz) { Value = runAt },
            new("jobs_max_attempts", NpgsqlDbType.Integer) { Value = options.MaxAttempts ?? _options.DefaultMaxAttempts },
            Text("jobs_unique_key", options.UniqueKey),
            Text("jobs_business_key", options.BusinessKey),
            Text("jobs_recurring_id", recurringId),
            new("jobs_reason", NpgsqlDbType.Text) { Value = reason },
            new("jobs_now", NpgsqlDbType.TimestampTz) { Value = now },
        ];
        return new JobEnqueueCall(
            queue,
            "jobs.enqueue(@jobs_kind, @jobs_args, @jobs_args_version, @jobs_queue, @jobs_priority, @jobs_state, @jobs_run_at, " +
            "@jobs_max_attempts, @jobs_unique_key, @jobs_business_key, @jobs_recurring_id, @jobs_reason, @jobs_now)",
            parameters);
    }

    private static string QueueOf(EnqueueOptions options) => string.IsNullOrWhiteSpace(options.Queue) ? "default" : options.Queue;

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
