using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Connector.Jobs.Engine;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Jobs;

/// <summary>
/// Enqueues jobs and declares recurring schedules. Enqueue can join the caller's transaction, so "store the webhook and
/// enqueue its job" commits or rolls back as one; the wake-up (<c>NOTIFY</c>) is part of the same transaction, so a
/// rolled-back enqueue wakes nobody.
/// </summary>
public sealed class JobClient
{
    internal const string Channel = "jobs_enqueued";

    private readonly NpgsqlDataSource _dataSource;
    private readonly JobSignal _signal;
    private readonly TimeProvider _time;
    private readonly JobsOptions _options;

    internal JobClient(NpgsqlDataSource dataSource, JobSignal signal, TimeProvider time, IOptions<JobsOptions> options)
    {
        _dataSource = dataSource;
        _signal = signal;
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
            // Committed already (autocommit), so local fetchers may look now instead of waiting for the NOTIFY round trip.
            _signal.Notify();
        }

        return job;
    }

    /// <summary>Inserts a job on <paramref name="connection"/>; a duplicate live unique key returns the existing job.</summary>
    internal async Task<EnqueuedJob> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, string argsJson, EnqueueOptions options, string? recurringId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var runAt = (options.RunAt ?? (options.Delay is { } delay ? now + delay : now)).ToUniversalTime();
        var scheduled = runAt > now;
        var queue = string.IsNullOrWhiteSpace(options.Queue) ? "default" : options.Queue;
        var reason = recurringId is not null ? $"Fired by recurring job {recurringId}"
            : scheduled ? $"Scheduled for {runAt:O}" : "Enqueued";

        // A job that is due now wakes the fetchers in the same transaction; a scheduled one is found by the fallback poll.
        var notify = scheduled ? "" : $", pg_notify('{Channel}', @queue)";
        while (true)
        {
            // The partial unique index decides duplicates (race-free): ON CONFLICT DO NOTHING waits for a concurrent
            // inserter of the same key and then yields to it, and the follow-up SELECT finds the winner.
            await using (var insert = new NpgsqlCommand(
                $"""
                WITH ins AS (
                    INSERT INTO jobs.job (kind, args, args_version, queue, priority, state, run_at, max_attempts,
                                          unique_key, business_key, recurring_id, created_at, updated_at)
                    VALUES (@kind, @args::jsonb, @args_version, @queue, @priority, @state, @run_at, @max_attempts,
                            @unique_key, @business_key, @recurring_id, @now, @now)
                    ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('scheduled', 'enqueued', 'processing')
                    DO NOTHING
                    RETURNING id
                ), state AS (
                    INSERT INTO jobs.job_state (job_id, state, reason, at) SELECT id, @state, @reason, @now FROM ins
                )
                SELECT id{notify} FROM ins
                """, connection, transaction))
            {
                insert.Parameters.AddWithValue("kind", kind);
                insert.Parameters.AddWithValue("args", argsJson);
                insert.Parameters.AddWithValue("args_version", options.ArgsVersion);
                insert.Parameters.AddWithValue("queue", queue);
                insert.Parameters.AddWithValue("priority", options.Priority);
                insert.Parameters.AddWithValue("state", scheduled ? "scheduled" : "enqueued");
                insert.Parameters.AddWithValue("run_at", runAt);
                insert.Parameters.AddWithValue("max_attempts", options.MaxAttempts ?? _options.DefaultMaxAttempts);
                insert.Parameters.Add(Text("unique_key", options.UniqueKey));
                insert.Parameters.Add(Text("business_key", options.BusinessKey));
                insert.Parameters.Add(Text("recurring_id", recurringId));
                insert.Parameters.AddWithValue("reason", reason);
                insert.Parameters.AddWithValue("now", now);
                await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new EnqueuedJob(reader.GetInt64(0), Created: true);
                }
            }

            await using var existing = new NpgsqlCommand(
                "SELECT id FROM jobs.job WHERE unique_key = @unique_key AND state IN ('scheduled', 'enqueued', 'processing')",
                connection,
                transaction);
            existing.Parameters.AddWithValue("unique_key", options.UniqueKey!);
            if (await existing.ExecuteScalarAsync(cancellationToken) is long id)
            {
                return new EnqueuedJob(id, Created: false);
            }

            // The holder of the key finished between our insert and our look-up: the key is free again, so insert anew.
        }
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
