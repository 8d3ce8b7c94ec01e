using Connector.Sandbox;
using Connector.Sandbox.Leat;

namespace Connector.Host.Sandbox;

/// <summary>
/// Sample traffic for sandbox mode, so a newcomer sees the whole pipe work: every few seconds each platform simulator
/// makes a sale (and now and then returns, refunds and exchanges) and delivers its signed webhooks — some twice, some
/// out of order — to the connector, which syncs them into the Leat fake. Now and then the fake answers 503 once, so a
/// retry shows in the dashboard.
/// </summary>
internal sealed partial class SandboxTraffic(IReadOnlyList<IPlatformSimulator> simulators, LeatFake leat, ILogger<SandboxTraffic> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        for (var n = 1; await timer.WaitForNextTickAsync(stoppingToken); n++)
        {
            if (n % 7 == 0)
            {
                leat.FailNext(1, 503, TimeSpan.FromSeconds(3), "/orders/create-and-process");
            }

            foreach (var simulator in simulators)
            {
                try
                {
                    await simulator.GenerateTrafficAsync(stoppingToken);
                }
                catch (HttpRequestException e)
                {
                    LogDeliveryFailed(logger, simulator.Platform, e.Message);
                }
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Sandbox traffic could not deliver a {Platform} webhook: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string platform, string error);
}
