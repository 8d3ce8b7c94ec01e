using Connector.Schema;
using Npgsql;

namespace Connector.Platforms.Square;

/// <summary>The <c>square</c> schema (webhook inbox, rejections, poll checkpoints): applies and checks the embedded scripts under the component name <c>square</c>.</summary>
public static class SquareSchema
{
    private const string Component = "square";

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(() => SchemaMigrator.EmbeddedScripts(typeof(SquareSchema).Assembly));

    /// <summary>Applies the pending scripts; returns how many were applied.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(dataSource, Component, Scripts.Value, cancellationToken);

    /// <summary>True when every script has been applied (for the readiness probe).</summary>
    public static Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.IsCurrentAsync(dataSource, Component, Scripts.Value, cancellationToken);
}
