using Connector.Platforms.NewStore.Mapping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>
/// At start: builds the AutoMapper mapper with <c>AutoMapper:LicenseKey</c> and the host's logging, and reads
/// newstore.json's rules, so a wrong value stops the service instead of failing every NewStore job.
/// </summary>
internal sealed class NewStoreStartupCheck(IServiceProvider services, IConfiguration configuration, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        NewStoreMapperConfiguration.Initialize(configuration["AutoMapper:LicenseKey"], loggers);
        _ = services.GetService(typeof(NewStoreMappingRules));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
