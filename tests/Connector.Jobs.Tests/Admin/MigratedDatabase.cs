using Connector.Testing;
using Npgsql;

namespace Connector.Jobs.Tests.Admin;

/// <summary>A fresh database with the jobs schema applied, one per test (xunit builds a test class per test).</summary>
public abstract class MigratedDatabase : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    protected string ConnectionString { get; private set; } = "";

    protected NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialised.");

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync("jobs_admin");
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await JobsSchema.MigrateAsync(_dataSource);
    }

    public virtual async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
