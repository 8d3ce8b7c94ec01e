using Npgsql;

namespace Connector.Testing;

/// <summary>Reads the job tables (the connector's and Hangfire's) to wait for quiet: nothing requested, queued, waiting or running.</summary>
public static class JobsProbe
{
    /// <summary>Waits until no keyed work is left and no Hangfire job is enqueued, scheduled or processing.</summary>
    public static async Task SettledAsync(NpgsqlDataSource database, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await using var command = database.CreateCommand(
                """
                SELECT (SELECT count(*) FROM jobs.keyed_work)
                     + (SELECT count(*) FROM hangfire.job WHERE statename IN ('Enqueued', 'Scheduled', 'Processing'))
                """);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }
        }

        await using var report = database.CreateCommand(
            """
            SELECT coalesce(string_agg(key || ' job ' || coalesce(job_id, '-') || (CASE WHEN running THEN ' running' ELSE '' END), '; '), '') FROM jobs.keyed_work
             UNION ALL
            SELECT coalesce(string_agg(id || ' ' || statename, '; '), '') FROM hangfire.job WHERE statename IN ('Enqueued', 'Scheduled', 'Processing')
            """);
        var lines = new List<string>();
        await using (var reader = await report.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        throw new TimeoutException("Jobs still pending: keyed work [" + lines[0] + "], Hangfire [" + lines[1] + "]");
    }
}
