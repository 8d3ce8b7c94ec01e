using Connector.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Jobs.Tests.Engine;

public sealed class KeyedWorkTests
{
    [Fact]
    public async Task Keyed_work_runs_once_when_it_is_requested_many_times_while_its_job_is_queued()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"), new Dictionary<string, string?> { ["Jobs:WorkerCount"] = "1" });
        jobs.Script.Gated.Add("BUSY");
        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "BUSY"), CancellationToken.None);
        await jobs.Script.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // The only worker is busy: every request for QUEUED finds its job still waiting.
        for (var i = 0; i < 5; i++)
        {
            await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "QUEUED"), CancellationToken.None);
        }

        jobs.Script.Gate.SetResult();
        await JobsProbe.SettledAsync(jobs.DataSource);

        Assert.Equal(1, jobs.Script.Runs("QUEUED"));
        Assert.Single(await jobs.Search.FindAsync("test:probe:QUEUED"));
    }

    [Fact]
    public async Task Keyed_work_runs_exactly_once_more_when_it_is_requested_while_its_job_runs()
    {
        await using var jobs = await JobsHost.StartAsync(await PostgresServer.CreateDatabaseAsync("jobs"));
        jobs.Script.Gated.Add("A");
        await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "A"), CancellationToken.None);
        await jobs.Script.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Three deliveries and a poll while the first run has already fetched: what they report may be newer.
        for (var i = 0; i < 4; i++)
        {
            await jobs.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "A"), CancellationToken.None);
        }

        jobs.Script.Gated.Clear();
        jobs.Script.Gate.SetResult();
        await JobsProbe.SettledAsync(jobs.DataSource);

        Assert.Equal(2, jobs.Script.Runs("A"));
        var runs = await jobs.Search.FindAsync("test:probe:A");
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(SucceededState.StateName, r.State));
        Assert.Equal(0L, await jobs.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
    }

    [Fact]
    public async Task A_request_committed_but_never_handed_over_is_run_by_the_sweeper()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("jobs");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await JobsSchema.MigrateAsync(dataSource);

            // What a webhook's statement commits before its process is killed: the request, and no Hangfire job.
            await using var command = dataSource.CreateCommand($"WITH requested AS ({JobIntake.RequestSql()}) SELECT created FROM requested");
            command.Parameters.AddRange(JobIntake.RequestParameters(new KeyedWork(JobsHost.ProbeKind, "ORPHAN")));
            Assert.True((bool)(await command.ExecuteScalarAsync())!);
        }

        await using var jobs = await JobsHost.StartAsync(connectionString, new Dictionary<string, string?>
        {
            ["Jobs:SweepInterval"] = "00:00:00.200",
            ["Jobs:SweepGrace"] = "00:00:00",
        });
        await JobsProbe.SettledAsync(jobs.DataSource);

        Assert.Equal(1, jobs.Script.Runs("ORPHAN"));
        Assert.Equal(SucceededState.StateName, Assert.Single(await jobs.Search.FindAsync("test:probe:ORPHAN")).State);
    }

    [Fact]
    public async Task A_job_stored_before_an_upgrade_runs_after_its_class_was_renamed()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("jobs");
        string jobId;
        await using (var before = await JobsHost.StartAsync(connectionString, jobs: s => s.AddKeyedJob<OldNameJob>("test:upgrade", JobsHost.Queue), start: false))
        {
            var registration = before.Host.Services.GetRequiredService<JobRegistry>().Keyed("test:upgrade");
            jobId = before.Host.Services.GetRequiredService<IBackgroundJobClientV2>().Create(registration.JobFor("U1"), new EnqueuedState(JobsHost.Queue), null);
            var stored = await before.ScalarAsync<string>($"SELECT invocationdata::text FROM hangfire.job WHERE id = {jobId}");
            Assert.Contains("test:upgrade", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(nameof(OldNameJob), stored, StringComparison.Ordinal);
        }

        JobRegistry.Rename("test:upgrade", typeof(RenamedJob));
        await using var after = await JobsHost.StartAsync(connectionString, jobs: s => s.AddKeyedJob<RenamedJob>("test:upgrade", JobsHost.Queue));
        await JobsProbe.SettledAsync(after.DataSource);

        Assert.Equal(1, after.Script.Runs("renamed:U1"));
        Assert.Equal(SucceededState.StateName, after.Search.Describe(jobId, null)!.State);
    }

    [Fact]
    public async Task Another_instance_starts_a_job_long_before_its_queue_poll()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("jobs");
        var slowPoll = new Dictionary<string, string?> { ["Jobs:QueuePollInterval"] = "00:01:00" };

        // The worker instance is started (and idle, waiting on its poll) before the other one enqueues.
        await using var worker = await JobsHost.StartAsync(connectionString, slowPoll);
        await Task.Delay(500);
        await using var intake = await JobsHost.StartAsync(connectionString, new Dictionary<string, string?>(slowPoll) { ["Jobs:Queues:0"] = "nothing-here" });
        var started = DateTime.UtcNow;

        await intake.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "WAKE"), CancellationToken.None);
        await JobsProbe.SettledAsync(worker.DataSource, TimeSpan.FromSeconds(20));

        Assert.Equal(1, worker.Script.Runs("WAKE"));
        Assert.Equal(0, intake.Script.Runs("WAKE"));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
