using System.CommandLine;
using Connector.Core.Platforms;
using Connector.Platforms.NewStore.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

[assembly: ConnectorPlatform(typeof(Connector.Platforms.NewStore.NewStorePlatform))]

namespace Connector.Platforms.NewStore;

/// <summary>NewStore as the host sees it: it runs when <c>NewStore:Tenant</c> is set.</summary>
public sealed class NewStorePlatform : IConnectorPlatform
{
    public string Name => Sync.NewStoreSync.Platform;

    public bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["NewStore:Tenant"]);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddNewStoreClient(configuration);
        services.AddNewStore(configuration);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapNewStoreWebhooks();

    public Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => NewStoreSchema.MigrateAsync(dataSource, cancellationToken);

    public Task<bool> IsSchemaCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => NewStoreSchema.IsCurrentAsync(dataSource, cancellationToken);

    /// <summary><c>backfill newstore --since &lt;date&gt; [--until &lt;date&gt;]</c>: a temporary event-stream integration that replays the window.</summary>
    public Command? BackfillCommand(PlatformCommandServices services) => NewStoreCommands.Backfill(services);

    /// <summary><c>newstore register</c>: the permanent event-stream integration that sends events to our webhook.</summary>
    public IEnumerable<Command> Commands(PlatformCommandServices services) => [NewStoreCommands.Verb(services)];
}
