using Npgsql;

namespace Connector.Core.Intake;

/// <summary>
/// Retention deletes in bounded batches.
/// </summary>
internal static class BatchedDelete
{
    /// <summary>
    /// Runs <paramref name="sql"/> (a delete of at most <c>@batch</c> rows older than <c>@cutoff</c>, e.g. a
    /// <c>FOR UPDATE SKIP LOCKED</c> sub-select) until a batch comes back short; returns how many rows went. Each batch
    /// is its own autocommitted statement, so its locks and WAL stay small and a large backlog never stalls the writers
    /// of the table for long; SKIP LOCKED lets two overlapping runs share the work instead of waiting on each other.
    /// </summary>
    public static async Task<int> RunAsync(NpgsqlDataSource dataSource, string sql, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken, Action<NpgsqlCommand>? parameters = null)
    {
        var total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("cutoff", cutoff);
            command.Parameters.AddWithValue("batch", batchSize);
            parameters?.Invoke(command);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }
}
