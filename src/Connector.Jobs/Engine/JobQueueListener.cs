using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Jobs.Engine;

/// <summary>
/// The one <c>LISTEN</c> connection of this instance: each notification of an enqueue (from any instance) wakes one
/// waiting worker. After a lost connection it reconnects and wakes every worker once, since a notification may
/// have been missed meanwhile.
/// </summary>
internal sealed partial class JobQueueListener(
    NpgsqlDataSource dataSource,
    WakingJobQueueProvider provider,
    JobsOptions options,
    ILogger<JobQueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => provider.Queue.Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {WakingJobQueueProvider.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                WakeAll();
                try
                {
                    while (true)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                finally
                {
                    // The data source does not reset connections it hands out again, so leave none listening.
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                        await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogListenFailed(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void WakeAll()
    {
        for (var i = 0; i < options.WorkerCount; i++)
        {
            provider.Queue.Wake();
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Job wake-ups from other instances are not heard ({Error}); retrying in 1 s, the queue poll still finds every job")]
    private static partial void LogListenFailed(ILogger logger, string error);
}
