using Npgsql;
using NpgsqlTypes;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Writes and reads <c>jobs.dashboard_audit</c> (schema script 005). Needs the host's <see cref="NpgsqlDataSource"/>;
/// the table lives in the connector's database, not in Hangfire's schema, so Hangfire's expiry never removes it.
/// </summary>
public sealed class DashboardAuditLog(NpgsqlDataSource dataSource)
{
    /// <summary>Appends <paramref name="entry"/>.</summary>
    public async Task WriteAsync(DashboardAuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO jobs.dashboard_audit (at, actor, action, job_ids, job_count, detail, remote_address)
            VALUES (@at, @actor, @action, @ids, @count, @detail, @remote)
            """);
        command.Parameters.AddWithValue("at", entry.At.UtcDateTime);
        command.Parameters.AddWithValue("actor", entry.Actor);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entry.JobIds.ToArray() });
        command.Parameters.AddWithValue("count", entry.JobCount);
        command.Parameters.AddWithValue("detail", (object?)entry.Detail ?? DBNull.Value);
        command.Parameters.AddWithValue("remote", (object?)entry.RemoteAddress ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest <paramref name="limit"/> entries, newest first.</summary>
    public async Task<IReadOnlyList<DashboardAuditEntry>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT at, actor, action, job_ids, job_count, detail, remote_address FROM jobs.dashboard_audit ORDER BY at DESC, id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<DashboardAuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new DashboardAuditEntry(
                new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<string[]>(3),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return entries;
    }
}
