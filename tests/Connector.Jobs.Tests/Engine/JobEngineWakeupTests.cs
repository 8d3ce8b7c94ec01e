using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Jobs.Tests.Engine;

public sealed class JobEngineWakeupTests
{
    [Fact]
    public async Task Wake_ups_still_arrive_after_the_LISTEN_connection_is_killed()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var engine = await EngineHarness.StartAsync(
            dataSource,
            (_, _, _) => { ran.TrySetResult(); return Task.CompletedTask; },
            // With a one-hour fallback poll, only a NOTIFY can start the job in time.
            o => o.FallbackPollInterval = TimeSpan.FromHours(1),
            start: false);
        var listening = 0;
        var relistened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstListen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Engine.Listening += () =>
        {
            if (Interlocked.Increment(ref listening) == 1)
            {
                firstListen.TrySetResult();
            }
            else
            {
                relistened.TrySetResult();
            }
        };
        await engine.Engine.StartAsync(CancellationToken.None);
        await firstListen.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var killed = await Db.ScalarAsync<long>(
            dataSource,
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
        Assert.Equal(1L, killed);
        await relistened.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Enqueue from another "process": its own data source and container, so no in-process signal reaches the engine.
        var connectionString = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { ApplicationName = "other-process" }.ConnectionString;
        await using var otherDataSource = NpgsqlDataSource.Create(connectionString);
        await using var other = await EngineHarness.StartAsync(otherDataSource, (_, _, _) => Task.CompletedTask, start: false);
        var job = await other.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));

        await ran.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Db.UntilStateAsync(dataSource, job.Id, "succeeded");
    }

    [Fact]
    public async Task Stopping_returns_the_LISTEN_connection_unlistened_when_the_pool_does_not_reset_connections()
    {
        await using var migrated = await EngineHarness.CreateDatabaseAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(migrated.ConnectionString) { NoResetOnClose = true }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, start: false);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Engine.Listening += () => listening.TrySetResult();
        await engine.Engine.StartAsync(CancellationToken.None);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        const string Listeners = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'";
        Assert.Equal(1L, await Db.ScalarAsync<long>(migrated, Listeners));

        await engine.Engine.StopAsync(CancellationToken.None);
        await engine.DisposeAsync();

        // The connection went back to the pool (still open, not reset): it must not be left listening.
        Assert.Equal(0L, await Db.ScalarAsync<long>(migrated, Listeners));
        Assert.Equal(1L, await Db.ScalarAsync<long>(migrated, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'UNLISTEN *'"));
    }

    [Fact]
    public async Task Graceful_stop_lets_running_jobs_finish_and_releases_the_rest()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var started = new TaskCompletionSource[] { new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously) };
        var finishGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = await EngineHarness.StartAsync(
            dataSource,
            async (args, _, cancellationToken) =>
            {
                started[args.N].TrySetResult();
                if (args.N == 0)
                {
                    await finishGate.Task; // finishes within the grace period
                }
                else
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken); // outlives the grace period
                }
            },
            o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(500));
        var quick = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(0));
        var slow = await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));
        await Task.WhenAll(started.Select(s => s.Task)).WaitAsync(TimeSpan.FromSeconds(30));

        var stop = engine.Engine.StopAsync(CancellationToken.None);
        finishGate.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(30));
        await engine.Provider.DisposeAsync();

        Assert.Equal("succeeded", await Db.StateAsync(dataSource, quick.Id));
        var released = (await Db.RowsAsync(dataSource, "SELECT state, lease_token, lease_expires_at FROM jobs.job WHERE id = @id", ("id", slow.Id))).Single();
        Assert.Equal(["enqueued", null, null], released);
        Assert.Equal("Released at shutdown", await Db.ScalarAsync<string>(dataSource, "SELECT reason FROM jobs.job_state WHERE job_id = @id ORDER BY id DESC LIMIT 1", ("id", slow.Id)));
        Assert.Equal("released", await Db.ScalarAsync<string>(dataSource, "SELECT outcome FROM jobs.job_attempt WHERE job_id = @id", ("id", slow.Id)));
        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.server"));
    }

    [Fact]
    public async Task A_job_released_at_shutdown_wakes_another_instance_at_once()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = await EngineHarness.StartAsync(
            dataSource,
            async (_, _, cancellationToken) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            },
            o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        var job = await stopping.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(1));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The other instance polls once an hour and has done its start-up look already, so only a NOTIFY brings it the job.
        var ranElsewhere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var other = await EngineHarness.StartAsync(
            dataSource,
            (_, _, _) => { ranElsewhere.TrySetResult(); return Task.CompletedTask; },
            o => o.FallbackPollInterval = TimeSpan.FromHours(1),
            start: false);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        other.Engine.Listening += () => listening.TrySetResult();
        await other.Engine.StartAsync(CancellationToken.None);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await other.FetchesAsync(1);

        await stopping.Engine.StopAsync(CancellationToken.None);
        await stopping.Provider.DisposeAsync();

        await ranElsewhere.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Db.UntilStateAsync(dataSource, job.Id, "succeeded");
    }

    [Fact]
    public async Task Jobs_enqueued_within_the_fetch_cooldown_are_claimed_together()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var ran = 0;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Burst = 10;
        await using var engine = await EngineHarness.StartAsync(
            dataSource,
            (_, _, _) =>
            {
                if (Interlocked.Increment(ref ran) == Burst + 1)
                {
                    allRan.TrySetResult();
                }

                return Task.CompletedTask;
            },
            o =>
            {
                o.WorkerCount = 16;
                o.FetchCooldown = TimeSpan.FromSeconds(1);
                o.FallbackPollInterval = TimeSpan.FromHours(1);
            });

        // The first job after a quiet spell is claimed at once; the burst behind it waits out one cooldown.
        await engine.FetchesAsync(1);
        var fetches = 0;
        engine.Engine.Fetched += () => Interlocked.Increment(ref fetches);
        await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(0));
        for (var i = 1; i <= Burst; i++)
        {
            // Spaced out, so that without a cooldown each enqueue would have its own claim.
            await Task.Delay(20);
            await engine.Client.EnqueueAsync(EngineHarness.Kind, new TestArgs(i));
        }

        await allRan.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(fetches, 1, 3);
    }

    [Fact]
    public async Task Engine_registers_itself_as_a_live_server_while_running()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        await using var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, o => { o.WorkerCount = 3; o.Queues = ["default", "polls"]; });

        var row = (await Db.RowsAsync(dataSource, "SELECT id, workers, queues FROM jobs.server")).Single();
        Assert.Equal(engine.Engine.ServerId, row[0]);
        Assert.Equal(3, row[1]);
        Assert.Equal(new[] { "default", "polls" }, (string[])row[2]!);
    }

    [Fact]
    public void Registering_two_handlers_for_one_kind_is_refused()
    {
        var services = new ServiceCollection();
        services.AddSingleton(NpgsqlDataSource.Create("Host=127.0.0.1"));
        services.AddSingleton(new TestBehaviour((_, _, _) => Task.CompletedTask));
        services.AddConnectorJobs();
        services.AddJobHandler<TestHandler, TestArgs>("dup");
        services.AddJobHandler<TestHandler, TestArgs>("dup");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<JobEngine>());
        Assert.Equal("Two handlers are registered for job kind 'dup': TestHandler and TestHandler.", error.Message);
    }
}
