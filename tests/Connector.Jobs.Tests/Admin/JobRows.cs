using Npgsql;

namespace Connector.Jobs.Tests.Admin;

/// <summary>Writes job rows straight into the tables, so admin and dashboard tests control every column.</summary>
internal static class JobRows
{
    public static async Task<long> InsertAsync(
        NpgsqlDataSource dataSource,
        string state,
        string kind = "test.kind",
        string queue = "default",
        string? businessKey = null,
        string? lastError = null,
        string? uniqueKey = null,
        int attempt = 0,
        int maxAttempts = 10,
        string args = """{"order":"A-1"}""",
        DateTimeOffset? createdAt = null,
        DateTimeOffset? finishedAt = null,
        DateTimeOffset? runAt = null)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO jobs.job (kind, args, queue, state, attempt, max_attempts, unique_key, business_key, last_error,
                                  run_at, created_at, finished_at, lease_token, lease_expires_at)
            VALUES (@kind, @args::jsonb, @queue, @state, @attempt, @max, @unique, @business, @error,
                    coalesce(@run_at, now()), coalesce(@created, now()), @finished,
                    CASE WHEN @state = 'processing' THEN gen_random_uuid() END,
                    CASE WHEN @state = 'processing' THEN now() + interval '1 minute' END)
            RETURNING id
            """);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("args", args);
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("attempt", attempt);
        command.Parameters.AddWithValue("max", maxAttempts);
        command.Parameters.Add(new NpgsqlParameter("unique", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)uniqueKey ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("business", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)businessKey ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)lastError ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("run_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)runAt?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("created", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)createdAt?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("finished", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)finishedAt?.ToUniversalTime() ?? DBNull.Value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public static Task<string> StateAsync(NpgsqlDataSource dataSource, long id) =>
        ScalarAsync<string>(dataSource, "SELECT state FROM jobs.job WHERE id = @id", ("id", id));
}
