using Connector.Core;
using Connector.Core.Platforms;
using Connector.Jobs;
using Connector.Leat;
using Npgsql;

namespace Connector.Host.Hosting;

/// <summary>Applies every component's schema scripts (each platform's too); at start-up (before the workers start) and by the <c>migrate</c> verb.</summary>
internal sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var applied = await JobsSchema.MigrateAsync(dataSource, cancellationToken)
                    + await LeatSchema.MigrateAsync(dataSource, cancellationToken)
                    + await IntakeSchema.MigrateAsync(dataSource, cancellationToken);
        foreach (var platform in PlatformCatalog.All)
        {
            applied += await platform.MigrateAsync(dataSource, cancellationToken);
        }

        LogMigrated(logger, applied);
        return applied;
    }

    public static async Task<bool> IsCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!await JobsSchema.IsCurrentAsync(dataSource, cancellationToken)
            || !await LeatSchema.IsCurrentAsync(dataSource, cancellationToken)
            || !await IntakeSchema.IsCurrentAsync(dataSource, cancellationToken))
        {
            return false;
        }

        foreach (var platform in PlatformCatalog.All)
        {
            if (!await platform.IsSchemaCurrentAsync(dataSource, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database schema is current ({Applied} scripts applied now)")]
    private static partial void LogMigrated(ILogger logger, int applied);
}
