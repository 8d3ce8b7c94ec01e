using Connector.Core.Database;
using Connector.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Core.Tests;

public sealed class ConnectorDataSourceBindFailureTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Data_source_answers_the_next_statements_on_the_same_connection_when_an_auto_prepared_statement_fails_at_bind(int goodBefore)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync()) { MaxPoolSize = 1 }.ConnectionString;
        await using var dataSource = ConnectorDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand("CREATE TABLE inbox (id text PRIMARY KEY, body jsonb NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        // Enough uses for the statement to be auto-prepared, then a body jsonb refuses at Bind, then good ones again.
        var outcomes = new List<string>();
        string[] bodies = [.. Enumerable.Repeat("{}", goodBefore), """{"s":"\u0000"}""", "{}", "{}", "{}"];
        foreach (var body in bodies)
        {
            try
            {
                outcomes.Add(await InsertAsync(dataSource, body));
            }
            catch (PostgresException e)
            {
                outcomes.Add(e.SqlState);
                Assert.True(ConnectorDataSource.AfterRefusedStatement(dataSource, e));
            }
        }

        Assert.Equal([.. Enumerable.Repeat("1", goodBefore), PostgresErrorCodes.UntranslatableCharacter, "1", "1", "1"], outcomes);
    }

    [Fact]
    public async Task AfterRefusedStatement_keeps_the_pool_when_nothing_is_auto_prepared()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync()) { MaxAutoPrepare = 0 }.ConnectionString;
        await using var dataSource = ConnectorDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT 1/0");
        var refusal = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());

        Assert.False(ConnectorDataSource.AfterRefusedStatement(dataSource, refusal));
    }

    private static async Task<string> InsertAsync(NpgsqlDataSource dataSource, string body)
    {
        await using var command = dataSource.CreateCommand(
            "WITH stored AS (INSERT INTO inbox (id, body) VALUES (@id, @body) RETURNING 1) SELECT count(*) FROM stored");
        command.Parameters.AddWithValue("id", Guid.NewGuid().ToString());
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = body });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
