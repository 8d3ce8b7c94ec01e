using System.CommandLine;
using Connector.Core.Platforms;
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

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddNewStore(configuration);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapNewStoreWebhooks();

    public Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => NewStoreSchema.MigrateAsync(dataSource, cancellationToken);

    public Task<bool> IsSchemaCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => NewStoreSchema.IsCurrentAsync(dataSource, cancellationToken);

    /// <summary>None yet: <c>backfill newstore</c> comes with the client slice (a temporary event-stream integration).</summary>
    public Command? BackfillCommand(PlatformCommandServices services) => null;

    /// <summary>None yet: <c>newstore register</c> comes with the client slice.</summary>
    public IEnumerable<Command> Commands(PlatformCommandServices services) => [];
}
