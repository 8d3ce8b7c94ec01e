using Connector.Platforms.Square.Mapping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Sync;

/// <summary>
/// At start: builds the AutoMapper mapper with <c>AutoMapper:LicenseKey</c> and the host's logging, and reads
/// square.json's rules, so a wrong value stops the service instead of failing every Square job.
/// </summary>
internal sealed class SquareStartupCheck(IServiceProvider services, IConfiguration configuration, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SquareMapperConfiguration.Initialize(configuration["AutoMapper:LicenseKey"], loggers);
        _ = services.GetService(typeof(SquareMappingRules));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
