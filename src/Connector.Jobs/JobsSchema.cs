using Connector.Schema;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Jobs;

/// <summary>
/// The job tables: Hangfire's (schema <c>hangfire</c>, by Hangfire.PostgreSql's own installer) and the connector's
/// (schema <c>jobs</c>, embedded scripts under the component name <c>jobs</c>), both under the migration lock, so
/// instances starting together never race.
/// </summary>
public static class JobsSchema
{
    private const string Component = "jobs";

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(() => SchemaMigrator.EmbeddedScripts(typeof(JobsSchema).Assembly));

    /// <summary>Applies the pending scripts and Hangfire's; returns how many of ours were applied.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(dataSource, Component, Scripts.Value, cancellationToken,
            connection => PostgreSqlObjectsInstaller.Install(connection, JobsServiceCollectionExtensions.HangfireSchema));

    /// <summary>True when every script has been applied and Hangfire's schema exists (for the readiness probe).</summary>
    public static async Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        if (!await SchemaMigrator.IsCurrentAsync(dataSource, Component, Scripts.Value, cancellationToken))
        {
            return false;
        }

        await using var command = dataSource.CreateCommand("SELECT to_regclass('hangfire.schema') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
