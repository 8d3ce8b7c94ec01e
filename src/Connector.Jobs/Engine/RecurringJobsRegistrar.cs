using Hangfire;
using Microsoft.Extensions.Hosting;

namespace Connector.Jobs.Engine;

/// <summary>Creates or updates every registered recurring job's schedule at start (after the schema is migrated).</summary>
internal sealed class RecurringJobsRegistrar(JobRegistry registry, IRecurringJobManagerV2 manager) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var recurring in registry.All.OfType<RecurringJobRegistration>())
        {
            manager.AddOrUpdate(recurring.Id, recurring.Job, recurring.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
