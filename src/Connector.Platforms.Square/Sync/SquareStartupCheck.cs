using Connector.Platforms.Square.Mapping;
using Microsoft.Extensions.Hosting;

namespace Connector.Platforms.Square.Sync;

/// <summary>Reads square.json's rules at start, so a wrong value stops the service instead of failing every Square job.</summary>
internal sealed class SquareStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService(typeof(SquareMappingRules));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
