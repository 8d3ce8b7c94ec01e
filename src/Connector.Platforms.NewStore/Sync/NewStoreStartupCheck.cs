using Connector.Platforms.NewStore.Client;
using Connector.Platforms.NewStore.Mapping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>
/// At start: builds the AutoMapper mapper with <c>AutoMapper:LicenseKey</c> and the host's logging, and reads
/// newstore.json's rules, so a wrong value stops the service instead of failing every NewStore job; and checks that
/// NewStore's API client is registered.
/// </summary>
internal sealed class NewStoreStartupCheck(IServiceProvider services, IConfiguration configuration, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        NewStoreMapperConfiguration.Initialize(configuration["AutoMapper:LicenseKey"], loggers);
        _ = services.GetService(typeof(NewStoreMappingRules));
        if (services.GetService(typeof(INewStoreClient)) is null)
        {
            // Without it every order job would fail at activation; say so at start instead.
            throw new InvalidOperationException(
                "NewStore is enabled but no INewStoreClient is registered: register the NewStore API client (the Client slice's service registration) next to AddNewStore.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
