using Npgsql;

namespace Connector.Core.Database;

/// <summary>How the connector opens PostgreSQL: one data source per process, with statements auto-prepared.</summary>
public static class ConnectorDataSource
{
    /// <summary>
    /// Builds the data source for <paramref name="connectionString"/>. Unless the connection string says otherwise,
    /// frequently used statements are prepared automatically: the ledger's and the job engine's statements are few
    /// and run constantly, and skipping their parse and plan was measured to cut a dispatch's database time from
    /// 1.75 ms to 1.06 ms. Behind a pooler in transaction mode, set <c>Max Auto Prepare=0</c> in the connection string.
    /// Pooled connections are not reset when handed out again (<c>No Reset On Close</c>), unless the connection string
    /// says otherwise.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "connector" };
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        // A pooled connection is otherwise reset on its next use with seven statements (RESET ALL, CLOSE ALL, UNLISTEN *,
        // …), each parsed by the server: measured as a large share of PostgreSQL's CPU under load. The connector leaves
        // no session state behind: no SET, no temporary tables, session advisory locks only in the migrator (released
        // in a finally), and the job engine's LISTEN connection unlistens before it goes back.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }

    /// <summary>
    /// Call after PostgreSQL refused a statement of <paramref name="dataSource"/>: when statements are auto-prepared,
    /// drops the pool's connections so that none is used again. A statement refused on the very execution that
    /// auto-prepares it (its Bind failing, e.g. on a value jsonb will not take) leaves Npgsql 10.0.0's record of that
    /// connection's prepared statements out of step with the server, and the statement's next use on that connection
    /// fails with "Received unexpected backend message DataRow" (npgsql/npgsql#6391, open). Which connection it was is
    /// not known here, hence the whole pool; refused statements are rare, since intake screens what it stores
    /// (<c>Connector.Core.Intake</c>). Returns whether the pool was cleared.
    /// </summary>
    public static bool AfterRefusedStatement(NpgsqlDataSource dataSource, PostgresException refusal)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(refusal);
        if (new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare == 0)
        {
            return false;
        }

        // Idle connections close now, busy ones when they come back: the refused statement's is already back.
        dataSource.Clear();
        return true;
    }
}
