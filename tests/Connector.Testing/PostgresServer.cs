using Connector.Sandbox;
using Npgsql;

namespace Connector.Testing;

/// <summary>
/// The PostgreSQL server the tests run against. When <c>CONNECTOR_TEST_POSTGRES</c> holds a connection
/// string (to a role that may create databases), that server is used. Otherwise one throwaway
/// <see cref="LocalPostgres"/> per test process is started on first use and stopped when the process
/// exits. A missing server is a failure, never a skip.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var admin = await AdminConnectionString.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>The connection string of the server's maintenance database.</summary>
    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("CONNECTOR_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var server = await Task.Run(() => LocalPostgres.Start());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server.ConnectionString();
    }
}
