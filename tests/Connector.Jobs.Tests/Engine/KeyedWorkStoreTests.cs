using Connector.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Tests.Engine;

/// <summary>The bookkeeping statements in the orders a busy server can put them in.</summary>
public sealed class KeyedWorkStoreTests
{
    [Fact]
    public async Task Search_finds_a_keyed_job_when_it_ran_and_ended_before_its_hand_off_attached_it()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), start: false);
        var store = jobs.Host.Services.GetRequiredService<KeyedWorkStore>();
        var work = new KeyedWork(JobsHost.ProbeKind, "FAST");
        await store.RequestAsync([work], CancellationToken.None);
        var registration = jobs.Host.Services.GetRequiredService<JobRegistry>().Keyed(JobsHost.ProbeKind);
        var jobId = jobs.Host.Services.GetRequiredService<IBackgroundJobClientV2>().Create(registration.JobFor(work.Id), new SucceededState(null, 0, 0), null);

        // A woken worker fetched, ran and ended the job between its creation and the hand-off's Attach.
        store.Started(work, jobId);
        Assert.False(store.Ended(work, jobId));
        Assert.False(store.Attach(work, jobId));

        Assert.Equal(jobId, Assert.Single(await jobs.Search.FindAsync(work.Key)).Id);
        Assert.Equal(0L, await jobs.ScalarAsync<long>("SELECT count(*) FROM jobs.keyed_work"));
    }
}
