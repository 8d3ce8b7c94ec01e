using Connector.Jobs;
using Connector.Sandbox.Leat;

namespace Connector.Host.Sandbox;

/// <summary>
/// Sample traffic for sandbox mode, so a newcomer sees the whole pipe work: every few seconds a sale is
/// enqueued as a job and dispatched to the Leat fake; every second sale is later partly returned, and now
/// and then the fake answers 503 once, so a retry shows in the dashboard.
/// </summary>
internal sealed partial class SandboxTraffic(JobClient jobs, LeatFake fake, ILogger<SandboxTraffic> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        for (var n = 1; await timer.WaitForNextTickAsync(stoppingToken); n++)
        {
            try
            {
                if (n % 7 == 0)
                {
                    fake.FailNext(1, 503, TimeSpan.FromSeconds(3), "/orders/create-and-process");
                }

                await jobs.EnqueueAsync(SandboxOrderHandler.Kind, new SandboxSale(n), SandboxJsonContext.Default.SandboxSale,
                    new EnqueueOptions { UniqueKey = $"sandbox:order:{n}", BusinessKey = $"sandbox:order:{n}" }, cancellationToken: stoppingToken);
                if (n % 2 == 0)
                {
                    await jobs.EnqueueAsync(SandboxReturnHandler.Kind, new SandboxSale(n), SandboxJsonContext.Default.SandboxSale,
                        new EnqueueOptions { UniqueKey = $"sandbox:return:{n}", BusinessKey = $"sandbox:return:{n}", Delay = Interval * 2 }, cancellationToken: stoppingToken);
                }
            }
            catch (Npgsql.NpgsqlException e)
            {
                LogEnqueueFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Sandbox traffic could not enqueue: {Error}")]
    private static partial void LogEnqueueFailed(ILogger logger, string error);
}
