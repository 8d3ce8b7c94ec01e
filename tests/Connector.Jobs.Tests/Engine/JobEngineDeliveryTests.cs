using Connector.Jobs.Engine;
using System.Collections.Concurrent;

namespace Connector.Jobs.Tests.Engine;

public sealed class JobEngineDeliveryTests
{
    [Fact]
    public async Task Engine_runs_each_job_exactly_once_when_several_instances_compete()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        const int jobs = 300;
        var runs = new ConcurrentDictionary<int, int>();
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Run(TestArgs args, JobContext context, CancellationToken cancellationToken)
        {
            runs.AddOrUpdate(args.N, 1, (_, n) => n + 1);
            if (runs.Count == jobs)
            {
                allDone.TrySetResult();
            }

            return Task.CompletedTask;
        }

        await using var producer = await EngineHarness.StartAsync(dataSource, Run, start: false);
        for (var i = 0; i < jobs; i++)
        {
            await producer.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(i));
        }

        var engines = new List<EngineHarness>();
        for (var i = 0; i < 3; i++)
        {
            engines.Add(await EngineHarness.StartAsync(dataSource, Run, o => { o.WorkerCount = 4; o.BatchSize = 5; }));
        }

        await allDone.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Db.UntilAsync(async () => await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state = 'succeeded'") == jobs, "every job succeeded");
        foreach (var engine in engines)
        {
            await engine.DisposeAsync();
        }

        Assert.Equal(jobs, runs.Count);
        Assert.All(runs, r => Assert.Equal(1, r.Value));
        Assert.Equal(jobs, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job_attempt WHERE outcome = 'succeeded' AND attempt = 1"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job_attempt WHERE outcome IS DISTINCT FROM 'succeeded'"));
        Assert.Equal(3L, await Db.ScalarAsync<long>(dataSource, "SELECT count(DISTINCT worker) FROM jobs.job_attempt"));
    }

    [Fact]
    public async Task Abandoned_job_runs_again_after_its_lease_expires_and_the_dead_workers_late_completion_is_refused()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var ran = new TaskCompletionSource<JobContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var engine = await EngineHarness.StartAsync(
            dataSource,
            (_, context, _) => { ran.TrySetResult(context); return Task.CompletedTask; },
            o => o.LeaseDuration = TimeSpan.FromSeconds(60),
            clock,
            start: false);
        var job = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));

        // The "dead" worker claims the job and never reports: its process crashed mid-job.
        var dead = (await engine.Engine.Store.ClaimAsync(["default"], 1, "dead-worker", clock.GetUtcNow(), TimeSpan.FromSeconds(60), CancellationToken.None)).Single();
        Assert.Equal(job.Id, dead.Id);

        await engine.Engine.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(59));
        await engine.FetchesAsync();
        Assert.False(ran.Task.IsCompleted, "the job must not be taken while its lease is valid");

        clock.Advance(TimeSpan.FromSeconds(2));
        var context = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, context.Attempt);
        await Db.UntilStateAsync(dataSource, job.Id, "succeeded");

        var late = await engine.Engine.Store.FinishAsync(dead.Id, dead.LeaseToken, new JobTransition("failed", "failed", "late"), clock.GetUtcNow(), CancellationToken.None);
        Assert.False(late);
        Assert.Equal("succeeded", await Db.StateAsync(dataSource, job.Id));
        var attempts = await Db.RowsAsync(dataSource, "SELECT attempt, worker, outcome FROM jobs.job_attempt WHERE job_id = @id ORDER BY attempt", ("id", job.Id));
        Assert.Equal(2, attempts.Count);
        Assert.Equal([1, "dead-worker", "lost"], attempts[0]);
        Assert.Equal("succeeded", attempts[1][2]);
        Assert.Equal(1L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job_state WHERE job_id = @id AND reason LIKE 'Reclaimed after the lease expired; attempt 2 of 10%'", ("id", job.Id)));
    }

    [Fact]
    public async Task Unknown_kind_fails_the_job_without_stopping_the_worker()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => { ran.TrySetResult(); return Task.CompletedTask; }, o => o.WorkerCount = 1);

        var unknown = await engine.Client.EnqueueAsync("no-such-kind", new TestArgs(1));
        await Db.UntilStateAsync(dataSource, unknown.Id, "failed");
        var known = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(2));
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Db.UntilStateAsync(dataSource, known.Id, "succeeded");

        Assert.Equal("No handler registered for kind no-such-kind", await Db.ScalarAsync<string>(dataSource, "SELECT reason FROM jobs.job_state WHERE job_id = @id AND state = 'failed'", ("id", unknown.Id)));
    }

    [Fact]
    public async Task Arguments_that_do_not_fit_the_handler_fail_permanently()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask);

        var job = await engine.Client.EnqueueAsync(EngineHarness.Kind, new { n = "not a number" });
        await Db.UntilStateAsync(dataSource, job.Id, "failed");

        Assert.Equal(1, await Db.ScalarAsync<int>(dataSource, "SELECT attempt FROM jobs.job WHERE id = @id", ("id", job.Id)));
        Assert.StartsWith(
            "Failed permanently on attempt 1: The arguments of job kind 'test' cannot be read as TestArgs",
            await Db.ScalarAsync<string>(dataSource, "SELECT reason FROM jobs.job_state WHERE job_id = @id AND state = 'failed'", ("id", job.Id)));
    }

    [Fact]
    public async Task Paused_queue_is_not_taken_until_resumed()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask);
        await Db.ScalarAsync<int>(dataSource, "INSERT INTO jobs.queue (name, paused) VALUES ('default', true) RETURNING 1");

        var job = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));
        await engine.FetchesAsync();
        Assert.Equal("enqueued", await Db.StateAsync(dataSource, job.Id));

        await Db.ScalarAsync<int>(dataSource, "UPDATE jobs.queue SET paused = false RETURNING 1");
        await engine.FetchesAsync();
        await Db.UntilStateAsync(dataSource, job.Id, "succeeded");
    }

    [Fact]
    public async Task Paused_queue_is_skipped_while_the_instances_other_queues_run()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, o => o.Queues = ["default", "polls"]);
        await Db.ScalarAsync<int>(dataSource, "INSERT INTO jobs.queue (name, paused) VALUES ('polls', true) RETURNING 1");

        var paused = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1), new EnqueueOptions { Queue = "polls" });
        var running = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(2));
        await Db.UntilStateAsync(dataSource, running.Id, "succeeded");
        await engine.FetchesAsync();
        Assert.Equal("enqueued", await Db.StateAsync(dataSource, paused.Id));

        await Db.ScalarAsync<int>(dataSource, "UPDATE jobs.queue SET paused = false RETURNING 1");
        await engine.FetchesAsync();
        await Db.UntilStateAsync(dataSource, paused.Id, "succeeded");
    }
}
