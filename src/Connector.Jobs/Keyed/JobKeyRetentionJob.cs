using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs;

/// <summary>
/// Keeps <c>jobs.job_key</c> (every Hangfire job made for a business key, for search) from growing forever: a row goes
/// once its Hangfire job no longer exists (Hangfire expired it after <see cref="JobsOptions.SucceededRetention"/>, or
/// someone deleted it) and the row itself is older than that retention. A Failed job never expires, so its key stays
/// searchable until it is replayed or deleted. <c>jobs.keyed_work</c> is live bookkeeping and is not touched.
/// Registered by <c>AddConnectorJobs</c> as <see cref="Id"/>, hourly.
/// </summary>
internal sealed partial class JobKeyRetentionJob(NpgsqlDataSource dataSource, JobsOptions options, ILogger<JobKeyRetentionJob> logger) : IRecurringJob
{
    /// <summary>The recurring id (also its stored name).</summary>
    public const string Id = "jobs:key-retention";

    /// <summary>Hourly, at a minute no other connector job uses, so the hour's work is spread out.</summary>
    public const string Cron = "0 17 * * * *";

    /// <summary>Rows deleted per statement: small enough that no statement holds many locks or runs long.</summary>
    internal int BatchSize { get; set; } = 1000;

    [DisplayName("Job key retention")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await PruneAsync(cancellationToken);
        if (deleted > 0)
        {
            LogPruned(logger, deleted, options.SucceededRetention);
        }
    }

    /// <summary>Deletes every expired key row, batch by batch; returns how many went.</summary>
    internal async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var deleted = await DeleteBatchAsync(cancellationToken);
            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
    }

    private async Task<int> DeleteBatchAsync(CancellationToken cancellationToken)
    {
        // Hangfire.PostgreSql's ids are bigint; the key table stores them as text (storage-neutral). The guarded cast
        // keeps a stray non-numeric id from failing the whole statement, and compares on hangfire.job's primary key.
        // Old rows whose job still lives (a Failed job) are read again by every batch; there are few of those.
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM jobs.job_key WHERE ctid IN (
                SELECT k.ctid FROM jobs.job_key k
                 WHERE k.created_at < now() - @retention
                   AND NOT EXISTS (
                       SELECT 1 FROM hangfire.job j
                        WHERE j.id = CASE WHEN k.job_id ~ '^[0-9]{1,18}$' THEN k.job_id::bigint END)
                 ORDER BY k.created_at
                 LIMIT @batch)
            """);
        command.Parameters.AddWithValue("retention", options.SucceededRetention);
        command.Parameters.AddWithValue("batch", BatchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 2130, Level = LogLevel.Information, Message = "Deleted {Count} job key rows whose jobs expired and that are older than {Retention}")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan retention);
}
