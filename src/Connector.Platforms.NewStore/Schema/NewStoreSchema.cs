using Connector.Schema;
using Npgsql;

namespace Connector.Platforms.NewStore;

/// <summary>The <c>newstore</c> schema (order state): applies and checks the embedded scripts under the component name <c>newstore</c>.</summary>
public static class NewStoreSchema
{
    private const string Component = "newstore";

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(() => SchemaMigrator.EmbeddedScripts(typeof(NewStoreSchema).Assembly));

    /// <summary>Applies the pending scripts; returns how many were applied.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(dataSource, Component, Scripts.Value, cancellationToken);

    /// <summary>True when every script has been applied (for the readiness probe).</summary>
    public static Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.IsCurrentAsync(dataSource, Component, Scripts.Value, cancellationToken);
}
