using Connector.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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

    [Fact]
    public async Task A_request_after_a_job_ended_before_its_hand_off_attached_it_gets_a_job_of_its_own()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), start: false);
        var store = jobs.Host.Services.GetRequiredService<KeyedWorkStore>();
        var work = new KeyedWork(JobsHost.ProbeKind, "LATE");
        await store.RequestAsync([work], CancellationToken.None);
        var first = CreateSucceeded(jobs, work);

        // The first job ran and ended before its hand-off attached it; then a new request came (a newer change).
        store.Started(work, first);
        Assert.False(store.Ended(work, first));
        Assert.Single(await store.RequestAsync([work], CancellationToken.None));

        // The late Attach must not take the new request for the job that already ran: that would leave the request on a
        // finished job, its own hand-off refused as surplus, and the sweeper would later end it unrun.
        Assert.False(store.Attach(work, first));
        var second = jobs.Host.Services.GetRequiredService<IBackgroundJobClientV2>().Create(
            jobs.Host.Services.GetRequiredService<JobRegistry>().Keyed(JobsHost.ProbeKind).JobFor(work.Id), new EnqueuedState("nobody-works-this"), null);
        Assert.True(store.Attach(work, second));

        Assert.Equal(second, await jobs.ScalarAsync<string>("SELECT job_id FROM jobs.keyed_work WHERE key = 'test:probe:LATE'"));
        Assert.Equal(2, (await jobs.Search.FindAsync(work.Key)).Count);
    }

    [Fact]
    public async Task Attach_says_attached_when_the_job_started_before_its_hand_off_and_still_runs()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), start: false);
        var store = jobs.Host.Services.GetRequiredService<KeyedWorkStore>();
        var work = new KeyedWork(JobsHost.ProbeKind, "EARLY");
        await store.RequestAsync([work], CancellationToken.None);
        var jobId = CreateSucceeded(jobs, work);

        store.Started(work, jobId);

        // Not surplus: the hand-off must not try to delete the job that owns the row.
        Assert.True(store.Attach(work, jobId));
        Assert.Equal(jobId, Assert.Single(await jobs.Search.FindAsync(work.Key)).Id);
    }

    [Fact]
    public async Task A_request_committed_while_the_job_ends_hands_the_key_over_again_instead_of_leaving_it_running()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), start: false);
        var store = jobs.Host.Services.GetRequiredService<KeyedWorkStore>();
        var work = new KeyedWork(JobsHost.ProbeKind, "RACE");
        await store.RequestAsync([work], CancellationToken.None);
        var job = CreateSucceeded(jobs, work);
        store.Started(work, job);

        // A webhook's request for the key holds the row (rerun = true, not yet committed) as the job ends.
        await using var intake = await jobs.DataSource.OpenConnectionAsync();
        await using var request = await intake.BeginTransactionAsync();
        await using (var mark = new NpgsqlCommand("UPDATE jobs.keyed_work SET rerun = true WHERE key = 'test:probe:RACE' AND running AND NOT rerun", intake, request))
        {
            Assert.Equal(1, await mark.ExecuteNonQueryAsync());
        }

        var ended = Task.Run(() => store.Ended(work, job));
        await Task.Delay(500);
        Assert.False(ended.IsCompleted); // waiting for the request's row lock
        await request.CommitAsync();

        // The request came while the job ran, so the job's end must ask for one more run, not drop the row or keep it.
        Assert.True(await ended);
        Assert.Equal("requested", await jobs.ScalarAsync<string>(
            "SELECT CASE WHEN job_id IS NULL AND NOT running AND NOT rerun THEN 'requested' ELSE 'job ' || coalesce(job_id, '-') || ' running ' || running || ' rerun ' || rerun END FROM jobs.keyed_work WHERE key = 'test:probe:RACE'"));
    }

    private static string CreateSucceeded(JobsHost jobs, KeyedWork work)
    {
        var registration = jobs.Host.Services.GetRequiredService<JobRegistry>().Keyed(JobsHost.ProbeKind);
        return jobs.Host.Services.GetRequiredService<IBackgroundJobClientV2>().Create(registration.JobFor(work.Id), new SucceededState(null, 0, 0), null);
    }
}
