using System.CommandLine;
using Connector.Core.Platforms;
using Connector.Platforms.CommerceLayer.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

[assembly: ConnectorPlatform(typeof(Connector.Platforms.CommerceLayer.CommerceLayerPlatform))]

namespace Connector.Platforms.CommerceLayer;

/// <summary>Commerce Layer as the host sees it: it runs when <c>CommerceLayer:ClientId</c> is set.</summary>
public sealed class CommerceLayerPlatform : IConnectorPlatform
{
    public string Name => Sync.CommerceLayerPlatformName.Value;

    public bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["CommerceLayer:ClientId"]);

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddCommerceLayer(configuration);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapCommerceLayerWebhooks();

    /// <summary>No tables of its own: the order as Commerce Layer has it now, the ledger and the inbox are all it needs.</summary>
    public Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<bool> IsSchemaCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => Task.FromResult(true);

    public Command? BackfillCommand(PlatformCommandServices services) => CommerceLayerCommands.Backfill(services);

    public IEnumerable<Command> Commands(PlatformCommandServices services) => [CommerceLayerCommands.Verb(services)];
}
