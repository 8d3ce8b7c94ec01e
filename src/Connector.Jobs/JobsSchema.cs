using Connector.Schema;
using Npgsql;

namespace Connector.Jobs;

/// <summary>The <c>jobs</c> schema: applies and checks the embedded scripts under the component name <c>jobs</c>.</summary>
public static class JobsSchema
{
    private const string Component = "jobs";

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(() => SchemaMigrator.EmbeddedScripts(typeof(JobsSchema).Assembly));

    /// <summary>Applies the pending scripts; returns how many were applied.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(dataSource, Component, Scripts.Value, cancellationToken);

    /// <summary>True when every script has been applied (for the readiness probe).</summary>
    public static Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.IsCurrentAsync(dataSource, Component, Scripts.Value, cancellationToken);
}
