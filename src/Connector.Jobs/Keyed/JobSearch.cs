using System.Globalization;
using Hangfire;
using Hangfire.States;
using Npgsql;

namespace Connector.Jobs;

/// <summary>One Hangfire job as Search and the command line show it.</summary>
/// <param name="Id">Hangfire's job id.</param>
/// <param name="Key">The business key it was made for, when it is keyed work.</param>
/// <param name="State">Its current state (Enqueued, Processing, Succeeded, Failed, …).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="Reason">Why it entered its current state.</param>
/// <param name="LastError">The message of its latest failed attempt, if any.</param>
/// <param name="Retries">Retries counted so far.</param>
public sealed record JobSummary(string Id, string? Key, string State, DateTime? CreatedAt, string? Reason, string? LastError, int Retries);

/// <summary>Finds Hangfire jobs by business key (Hangfire has no search) and reads their state through its monitoring API.</summary>
public sealed class JobSearch(NpgsqlDataSource dataSource, JobStorage storage)
{
    /// <summary>
    /// The jobs of <paramref name="keyOrId"/>: an exact business key (<c>square:order:ORD1</c>), a key prefix ending in
    /// <c>:</c> (<c>square:order:</c>), or a Hangfire job id; newest first, at most <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<JobSummary>> FindAsync(string keyOrId, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyOrId);
        await using var command = dataSource.CreateCommand(
            """
            SELECT key, job_id FROM jobs.job_key
             WHERE key = @term OR (right(@term, 1) = ':' AND starts_with(key, @term)) OR job_id = @term
             ORDER BY created_at DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("term", keyOrId.Trim());
        command.Parameters.AddWithValue("limit", limit);
        var found = new List<(string Key, string JobId)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var jobs = found.Select(f => Describe(f.JobId, f.Key)).OfType<JobSummary>().ToList();
        // Only a number can be a Hangfire job id here: the PostgreSQL storage converts the id to a bigint and throws
        // on anything else, so an unknown key or an email (Search passes any term through) must not get that far.
        if (jobs.Count == 0 && long.TryParse(keyOrId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _) && Describe(keyOrId.Trim(), null) is { } byId)
        {
            jobs.Add(byId);
        }

        return jobs;
    }

    /// <summary>One job by Hangfire id, or null when it does not exist (or has expired).</summary>
    public JobSummary? Describe(string jobId, string? key)
    {
        // Hangfire.PostgreSql's ids are numbers and its monitoring API throws a FormatException for anything else,
        // which made a search for an unknown business key (tried as an id last) crash instead of finding nothing.
        if (!long.TryParse(jobId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var details = storage.GetMonitoringApi().JobDetails(jobId);
        if (details is null)
        {
            return null;
        }

        var history = details.History ?? [];
        var current = history.FirstOrDefault();
        var failed = history.FirstOrDefault(h => h.StateName == FailedState.StateName);
        var retries = details.Properties is not null && details.Properties.TryGetValue("RetryCount", out var count) && int.TryParse(count, out var n) ? n : 0;
        return new JobSummary(
            jobId,
            key,
            current?.StateName ?? "(none)",
            details.CreatedAt,
            current?.Reason,
            failed?.Data is { } data && data.TryGetValue("ExceptionMessage", out var message) ? message : null,
            retries);
    }
}
