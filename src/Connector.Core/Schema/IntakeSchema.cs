using Connector.Schema;
using Npgsql;

namespace Connector.Core;

/// <summary>The platform kit's <c>intake</c> schema (webhook inbox, rejections, poll checkpoints), component <c>intake</c>.</summary>
public static class IntakeSchema
{
    private const string Component = "intake";

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(() => SchemaMigrator.EmbeddedScripts(typeof(IntakeSchema).Assembly));

    /// <summary>Applies the pending scripts; returns how many were applied.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(dataSource, Component, Scripts.Value, cancellationToken);

    /// <summary>True when every script has been applied (for the readiness probe).</summary>
    public static Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.IsCurrentAsync(dataSource, Component, Scripts.Value, cancellationToken);
}
