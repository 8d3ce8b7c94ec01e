using Connector.Jobs.Tests.Dashboard;
using Connector.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Tests.Engine;

public sealed class NonOverlappingRecurringTests
{
    [Fact]
    public async Task Recurring_job_firing_is_skipped_as_succeeded_when_it_is_triggered_while_the_previous_firing_runs()
    {
        var probe = new RecurringProbe();
        await using var jobs = await StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), probe, workers: 2);
        var manager = jobs.Host.Services.GetRequiredService<IRecurringJobManagerV2>();

        var first = manager.TriggerJob(GatedRecurringJob.Id);
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // A free worker takes the second firing at once; it must end without running while the first holds the gate.
        var second = manager.TriggerJob(GatedRecurringJob.Id);
        await EndedAsync(jobs, second);

        Assert.Equal(SucceededState.StateName, await StateAsync(jobs, second));
        Assert.Equal(ProcessingState.StateName, await StateAsync(jobs, first));
        Assert.Equal(1, probe.Runs);

        probe.Gate.SetResult();
        await EndedAsync(jobs, first);
        Assert.Equal(SucceededState.StateName, await StateAsync(jobs, first));

        // The finished firing let go of its lock: the next one runs.
        var third = manager.TriggerJob(GatedRecurringJob.Id);
        await EndedAsync(jobs, third);
        Assert.Equal(SucceededState.StateName, await StateAsync(jobs, third));
        Assert.Equal((2, 1), (probe.Runs, probe.MaxRunning));
        Assert.Equal(0L, await jobs.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename IN ('Failed', 'Deleted')"));
    }

    [Fact]
    public async Task Recurring_job_runs_once_at_a_time_when_two_instances_fire_it_together()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("jobs");
        var probe = new RecurringProbe();

        // One worker on the first instance: once it runs the first firing, the second firing can only go to the other.
        await using var one = await StartAsync(connectionString, probe, workers: 1);
        var first = one.Host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(GatedRecurringJob.Id);
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await using var two = await StartAsync(connectionString, probe, workers: 1);
        var second = two.Host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(GatedRecurringJob.Id);
        await EndedAsync(two, second);

        Assert.Equal(SucceededState.StateName, await StateAsync(two, second));
        Assert.StartsWith("Skipped", await two.ScalarAsync<string>($"SELECT s.reason FROM hangfire.job j JOIN hangfire.state s ON s.id = j.stateid WHERE j.id = {second}"), StringComparison.Ordinal);
        Assert.Equal(1, probe.Runs);

        probe.Gate.SetResult();
        await EndedAsync(one, first);
        Assert.Equal((SucceededState.StateName, 1, 1), (await StateAsync(one, first), probe.Runs, probe.MaxRunning));
        Assert.Equal(0L, await one.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename IN ('Failed', 'Deleted')"));
    }

    private static Task<JobsHost> StartAsync(string connectionString, RecurringProbe probe, int workers) =>
        JobsHost.StartAsync(
            connectionString,
            new Dictionary<string, string?> { ["Jobs:WorkerCount"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services =>
            {
                services.AddSingleton(probe);

                // Never fires on its own: the tests fire it.
                services.AddRecurringJob<GatedRecurringJob>(GatedRecurringJob.Id, Cron.Never(), JobsHost.Queue);
            });

    private static Task<string> StateAsync(JobsHost jobs, string jobId) =>
        jobs.ScalarAsync<string>($"SELECT statename FROM hangfire.job WHERE id = {jobId}");

    private static Task EndedAsync(JobsHost jobs, string jobId) =>
        Eventually.AssertAsync(async () => HangfireStates.IsEnded(await StateAsync(jobs, jobId)), $"job {jobId} has ended", TimeSpan.FromSeconds(20));
}
