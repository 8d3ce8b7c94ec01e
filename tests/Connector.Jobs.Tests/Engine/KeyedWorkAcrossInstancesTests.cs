using Connector.Jobs.Tests.Dashboard;
using Connector.Testing;
using Hangfire.States;

namespace Connector.Jobs.Tests.Engine;

/// <summary>
/// What keyed work guarantees when several instances share one database, whoever takes a request in and whoever
/// runs the job: a business key has at most one job queued or running. A request while that job is queued (not yet
/// started) adds nothing, because the job has not read the object yet and will see the change. A request while it
/// runs marks the row once, however many requests come: exactly one more run follows, after this one ended, since
/// the running one may have read the object before the change. So a key's runs never overlap and no change is
/// missed. The one way to two jobs for a key is the sweeper handing over a key whose hand-off took longer than
/// <c>Jobs:SweepGrace</c> while the surplus job was already fetched; the sync's own ledger makes that run harmless.
/// </summary>
public sealed class KeyedWorkAcrossInstancesTests
{
    [Fact]
    public async Task Keyed_work_runs_once_when_two_instances_request_it_while_its_job_is_queued()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("jobs");
        var script = new ProbeScript();
        script.Gated.UnionWith(["BUSY1", "BUSY2"]);
        var oneWorker = new Dictionary<string, string?> { ["Jobs:WorkerCount"] = "1" };
        await using var one = await JobsHost.StartAsync(connectionString, oneWorker, script: script);
        await using var two = await JobsHost.StartAsync(connectionString, oneWorker, script: script);

        // Both instances' only workers are held, so the requested key's job stays queued.
        await one.Intake.RequestAsync([new KeyedWork(JobsHost.ProbeKind, "BUSY1"), new KeyedWork(JobsHost.ProbeKind, "BUSY2")], CancellationToken.None);
        await Eventually.AssertAsync(async () => await one.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Processing'") == 2, "both workers are busy");

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? one : two).Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "QUEUED"), CancellationToken.None)));

        // The hand-off to Hangfire happens after the request's commit, in the background.
        await Eventually.AssertAsync(async () => await one.ScalarAsync<long>("SELECT count(*) FROM jobs.keyed_work WHERE key = 'test:probe:QUEUED' AND job_id IS NOT NULL") == 1, "the key was handed over");
        Assert.Single(await one.Search.FindAsync("test:probe:QUEUED"));

        script.Gate.SetResult();
        await JobsProbe.SettledAsync(one.DataSource);

        Assert.Equal((1, 1), (script.Runs("QUEUED"), script.MaxRunning("QUEUED")));
        Assert.Equal(SucceededState.StateName, Assert.Single(await one.Search.FindAsync("test:probe:QUEUED")).State);
    }

    [Fact]
    public async Task Keyed_work_runs_exactly_once_more_and_never_alongside_itself_when_two_instances_request_it_while_it_runs()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("jobs");
        var script = new ProbeScript();
        script.Gated.Add("K");
        await using var one = await JobsHost.StartAsync(connectionString, script: script);
        await using var two = await JobsHost.StartAsync(connectionString, script: script);

        await one.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "K"), CancellationToken.None);
        await script.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Both instances take requests in while the first run holds the gate; each has free workers to run a second
        // job at once, if one were made.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? one : two).Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "K"), CancellationToken.None)));
        Assert.Single(await one.Search.FindAsync("test:probe:K"));
        Assert.Equal("running rerun", await one.ScalarAsync<string>("SELECT concat_ws(' ', CASE WHEN running THEN 'running' END, CASE WHEN rerun THEN 'rerun' END) FROM jobs.keyed_work WHERE key = 'test:probe:K'"));

        script.Gated.Clear();
        script.Gate.SetResult();
        await JobsProbe.SettledAsync(one.DataSource);

        Assert.Equal((2, 1), (script.Runs("K"), script.MaxRunning("K")));
        var runs = await one.Search.FindAsync("test:probe:K");
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(SucceededState.StateName, r.State));
    }

    [Fact]
    public async Task Keyed_work_never_runs_alongside_itself_when_two_instances_request_it_over_and_over()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("jobs");
        var script = new ProbeScript { RunTime = TimeSpan.FromMilliseconds(40) };
        await using var one = await JobsHost.StartAsync(connectionString, script: script);
        await using var two = await JobsHost.StartAsync(connectionString, script: script);

        // Requests land while a run starts, runs and ends, on both instances at once: every edge of the bookkeeping.
        for (var round = 0; round < 40; round++)
        {
            await Task.WhenAll(
                one.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "STORM"), CancellationToken.None),
                two.Intake.RequestAsync(new KeyedWork(JobsHost.ProbeKind, "STORM"), CancellationToken.None));
            await Task.Delay(15);
        }

        await JobsProbe.SettledAsync(one.DataSource);

        Assert.Equal(1, script.MaxRunning("STORM"));
        Assert.InRange(script.Runs("STORM"), 2, 41);
        Assert.Equal(0L, await one.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
    }
}
