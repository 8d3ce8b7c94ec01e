using Connector.Sandbox.Square;

namespace Connector.Host.Sandbox;

/// <summary>
/// Sample traffic for sandbox mode, so a newcomer sees the whole pipe work: every few seconds the Square simulator
/// makes a sale (and now and then returns, refunds and exchanges) and delivers its signed webhooks — some twice,
/// some out of order — to the connector, which syncs them into the Leat fake. Now and then the fake answers 503
/// once, so a retry shows in the dashboard.
/// </summary>
internal sealed partial class SandboxTraffic(SquareSimulator square, Connector.Sandbox.Leat.LeatFake leat, ILogger<SandboxTraffic> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var traffic = new SquareTraffic(square, seed: 7);
        using var timer = new PeriodicTimer(Interval);
        for (var n = 1; await timer.WaitForNextTickAsync(stoppingToken); n++)
        {
            if (n % 7 == 0)
            {
                leat.FailNext(1, 503, TimeSpan.FromSeconds(3), "/orders/create-and-process");
            }

            try
            {
                await traffic.RunAsync(1, stoppingToken);
            }
            catch (HttpRequestException e)
            {
                LogDeliveryFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Sandbox traffic could not deliver a webhook: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string error);
}
