using Connector.Core.Database;
using Npgsql;

namespace Connector.Core.Tests;

public sealed class ConnectorDataSourceTests
{
    [Fact]
    public async Task Data_source_prepares_statements_and_skips_the_pool_reset_unless_the_connection_string_says_otherwise()
    {
        await using var defaults = ConnectorDataSource.Create("Host=db.example;Username=connector");
        var settings = new NpgsqlConnectionStringBuilder(defaults.ConnectionString);
        Assert.Equal((64, 2, true), (settings.MaxAutoPrepare, settings.AutoPrepareMinUsages, settings.NoResetOnClose));

        // Behind a transaction-mode pooler ops turn both off in the connection string, and that wins.
        await using var pooled = ConnectorDataSource.Create("Host=db.example;Username=connector;Max Auto Prepare=0;No Reset On Close=false");
        settings = new NpgsqlConnectionStringBuilder(pooled.ConnectionString);
        Assert.Equal((0, false), (settings.MaxAutoPrepare, settings.NoResetOnClose));
    }
}
