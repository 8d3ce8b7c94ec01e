using Npgsql;
using NpgsqlTypes;

namespace Connector.Jobs;

/// <summary>
/// SQL over <c>jobs.keyed_work</c>: one row per business object with work requested, queued or running. Hangfire's
/// filters are synchronous, so the statements they run are too.
/// </summary>
internal sealed class KeyedWorkStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Requests work for one object. A new row means "hand it to the job server"; an existing row whose job runs
    /// is marked to run once more (what changed may postdate that run's fetch); a row whose job is still queued
    /// is left alone, because that job has not fetched yet. Returns <c>created</c>. The request is made only when
    /// <paramref name="when"/> (an SQL condition of the caller's statement) holds.
    /// </summary>
    public static string RequestSql(string when) =>
        $"""
        INSERT INTO jobs.keyed_work AS w (key, kind, id) SELECT @intake_key, @intake_kind, @intake_id WHERE {when}
        ON CONFLICT (key) DO UPDATE SET rerun = true, updated_at = now() WHERE w.running AND NOT w.rerun
        RETURNING (xmax = 0) AS created
        """;

    public static NpgsqlParameter[] RequestParameters(KeyedWork work) =>
    [
        new("intake_key", NpgsqlDbType.Text) { Value = work.Key },
        new("intake_kind", NpgsqlDbType.Text) { Value = work.Kind },
        new("intake_id", NpgsqlDbType.Text) { Value = work.Id },
    ];

    /// <summary>Requests work for many objects in one statement; returns the ones to hand to the job server.</summary>
    public async Task<List<KeyedWork>> RequestAsync(IReadOnlyCollection<KeyedWork> works, CancellationToken cancellationToken)
    {
        var distinct = works.DistinctBy(w => w.Key).ToList();
        var created = new List<KeyedWork>();
        if (distinct.Count == 0)
        {
            return created;
        }

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO jobs.keyed_work AS w (key, kind, id)
            SELECT k || ':' || i, k, i FROM unnest(@kinds, @ids) AS t(k, i)
            ON CONFLICT (key) DO UPDATE SET rerun = true, updated_at = now() WHERE w.running AND NOT w.rerun
            RETURNING kind, id, (xmax = 0) AS created
            """);
        command.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = distinct.Select(w => w.Kind).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = distinct.Select(w => w.Id).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetBoolean(2))
            {
                created.Add(new KeyedWork(reader.GetString(0), reader.GetString(1)));
            }
        }

        return created;
    }

    /// <summary>
    /// Records the job created for a requested row (unless a job of its own already started and took the row) and
    /// remembers the pair for search. False when another hand-off got there first: the new job is surplus.
    /// </summary>
    /// <remarks>
    /// A woken worker can fetch, run and end the job before this runs. Its row is then gone, and a row found now
    /// without a job is a newer request that needs a job of its own: attaching it to the finished job would leave it
    /// on that job, refuse its own hand-off as surplus and let the sweeper end it unrun. <see cref="Started"/> wrote
    /// the job's key pair, committed before its end could delete the row, so the pair tells the two apart. The answer
    /// is whether the row is this job's, not whether the pair was new (Started may have written it).
    /// </remarks>
    public bool Attach(KeyedWork work, string jobId)
    {
        using var command = dataSource.CreateCommand(
            """
            WITH attached AS (
                UPDATE jobs.keyed_work SET job_id = @job, updated_at = now()
                 WHERE key = @key
                   AND (job_id = @job
                        OR (job_id IS NULL AND NOT EXISTS (SELECT 1 FROM jobs.job_key WHERE key = @key AND job_id = @job)))
                RETURNING 1),
            remembered AS (
                INSERT INTO jobs.job_key (key, job_id) SELECT @key, @job WHERE EXISTS (SELECT 1 FROM attached)
                ON CONFLICT DO NOTHING)
            SELECT EXISTS (SELECT 1 FROM attached)
            """);
        command.Parameters.AddWithValue("key", work.Key);
        command.Parameters.AddWithValue("job", jobId);
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>
    /// A job of the key starts: it now owns the row, and requests from here on ask for one more run. The pair is
    /// remembered for search here too: a worker can fetch, run and end a job before its hand-off gets to
    /// <see cref="Attach"/>, which then finds the row gone and records nothing.
    /// </summary>
    public void Started(KeyedWork work, string jobId)
    {
        using var command = dataSource.CreateCommand(
            """
            WITH taken AS (
                INSERT INTO jobs.keyed_work AS w (key, kind, id, job_id, running) VALUES (@key, @kind, @id, @job, true)
                ON CONFLICT (key) DO UPDATE SET job_id = excluded.job_id, running = true, rerun = false, updated_at = now()
                RETURNING 1)
            INSERT INTO jobs.job_key (key, job_id) VALUES (@key, @job) ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue("key", work.Key);
        command.Parameters.AddWithValue("kind", work.Kind);
        command.Parameters.AddWithValue("id", work.Id);
        command.Parameters.AddWithValue("job", jobId);
        command.ExecuteNonQuery();
    }

    /// <summary>The job waits for a retry: a request meanwhile needs no extra run, the retry fetches afresh.</summary>
    public void Waiting(KeyedWork work, string jobId)
    {
        using var command = dataSource.CreateCommand(
            "UPDATE jobs.keyed_work SET running = false, updated_at = now() WHERE key = @key AND job_id = @job AND running");
        command.Parameters.AddWithValue("key", work.Key);
        command.Parameters.AddWithValue("job", jobId);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The job ended (succeeded, failed for good, deleted): its row goes, unless a request came while it ran — then
    /// the row is requested again, and true says to hand it to the job server.
    /// </summary>
    /// <remarks>
    /// The row is locked first and <c>rerun</c> read from the locked row. Deciding on the statement's snapshot instead
    /// lost a request committed while the statement waited for its lock: the delete, rechecking the newer row, saw
    /// <c>rerun</c> and kept it, the update, matching on the snapshot, saw no <c>rerun</c> and skipped it, and the row
    /// stayed "running" for a job that had ended until the sweeper noticed a minute later.
    /// </remarks>
    public bool Ended(KeyedWork work, string jobId)
    {
        using var command = dataSource.CreateCommand(
            """
            WITH mine AS (SELECT rerun FROM jobs.keyed_work WHERE key = @key AND job_id = @job FOR UPDATE),
            gone AS (DELETE FROM jobs.keyed_work w USING mine WHERE w.key = @key AND NOT mine.rerun RETURNING 1)
            UPDATE jobs.keyed_work w SET job_id = NULL, running = false, rerun = false, requested_at = now(), updated_at = now()
              FROM mine
             WHERE w.key = @key AND mine.rerun
            RETURNING 1
            """);
        command.Parameters.AddWithValue("key", work.Key);
        command.Parameters.AddWithValue("job", jobId);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Requested rows never handed to the job server (the instance that took them in stopped first).</summary>
    public async Task<List<KeyedWork>> UnhandedAsync(TimeSpan grace, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT kind, id FROM jobs.keyed_work
             WHERE job_id IS NULL AND requested_at < now() - @grace
             ORDER BY requested_at LIMIT @limit
            """);
        command.Parameters.AddWithValue("grace", grace);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadWorkAsync(command, cancellationToken);
    }

    /// <summary>Rows with a job that have not changed for <paramref name="age"/>: the sweeper checks their job still lives.</summary>
    public async Task<List<(KeyedWork Work, string JobId)>> QuietAsync(TimeSpan age, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT kind, id, job_id FROM jobs.keyed_work
             WHERE job_id IS NOT NULL AND updated_at < now() - @age
             ORDER BY updated_at LIMIT @limit
            """);
        command.Parameters.AddWithValue("age", age);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<(KeyedWork, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((new KeyedWork(reader.GetString(0), reader.GetString(1)), reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>Marks a row as checked, so the sweeper looks at it again only after another quiet spell.</summary>
    public async Task TouchAsync(KeyedWork work, string jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE jobs.keyed_work SET updated_at = now() WHERE key = @key AND job_id = @job");
        command.Parameters.AddWithValue("key", work.Key);
        command.Parameters.AddWithValue("job", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<KeyedWork>> ReadWorkAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var works = new List<KeyedWork>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            works.Add(new KeyedWork(reader.GetString(0), reader.GetString(1)));
        }

        return works;
    }
}
