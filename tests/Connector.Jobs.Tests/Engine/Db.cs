using Npgsql;

namespace Connector.Jobs.Tests.Engine;

/// <summary>Reads of the job tables the tests assert on.</summary>
internal static class Db
{
    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<object?[]>> RowsAsync(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static Task<string> StateAsync(NpgsqlDataSource dataSource, long id) =>
        ScalarAsync<string>(dataSource, "SELECT state FROM jobs.job WHERE id = @id", ("id", id));

    /// <summary>Waits until a condition on the database holds (the engine writes asynchronously); fails after a generous timeout.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static Task UntilStateAsync(NpgsqlDataSource dataSource, long id, string state) =>
        UntilAsync(async () => await StateAsync(dataSource, id) == state, $"job {id} is {state}");
}
