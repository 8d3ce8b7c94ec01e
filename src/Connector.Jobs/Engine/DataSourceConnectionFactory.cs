using Hangfire.PostgreSql;
using Npgsql;

namespace Connector.Jobs.Engine;

/// <summary>Hangfire's connections come from a data source of their own, so its workers and ours never starve each other's pool.</summary>
internal sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
