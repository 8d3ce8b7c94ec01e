using Connector.Schema;
using Npgsql;

namespace Connector.Leat;

/// <summary>The dispatch ledger's tables (schema <c>leat</c>), applied by numbered embedded scripts.</summary>
public static class LeatSchema
{
    private const string Component = "leat";
    private static readonly IReadOnlyList<MigrationScript> Scripts = SchemaMigrator.EmbeddedScripts(typeof(LeatSchema).Assembly);

    /// <summary>Applies the scripts not applied yet; returns how many ran. Safe to call from several instances at once.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(dataSource, Component, Scripts, cancellationToken);

    /// <summary>True when every script has been applied.</summary>
    public static Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.IsCurrentAsync(dataSource, Component, Scripts, cancellationToken);
}
