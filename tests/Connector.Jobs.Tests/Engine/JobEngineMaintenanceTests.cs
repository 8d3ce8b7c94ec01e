namespace Connector.Jobs.Tests.Engine;

public sealed class JobEngineMaintenanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task Recurring_job_fires_once_per_slot_across_two_instances_and_never_overlaps_a_running_run()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        Task Run(TestArgs args, JobContext context, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref runs) == 2 ? gate.Task : Task.CompletedTask;

        // The clock jumps whole minutes, so leases must outlast the test or the blocked run would be reclaimed.
        static void LongLease(JobsOptions o) => o.LeaseDuration = TimeSpan.FromHours(1);
        await using var first = await EngineHarness.StartAsync(dataSource, Run, LongLease, clock);
        await using var second = await EngineHarness.StartAsync(dataSource, Run, LongLease, clock);
        await first.Client.UpsertRecurringAsync(new RecurringJobDefinition("poll-square", EngineHarness.Kind, "* * * * *") { Args = new TestArgs(7) });

        async Task<long> JobsAsync() => await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE recurring_id = 'poll-square'");
        async Task PassAsync()
        {
            // Two full passes on each instance after the clock moved.
            await Task.WhenAll(first.RecurringChecksAsync(), second.RecurringChecksAsync());
        }

        await PassAsync();
        Assert.Equal(0L, await JobsAsync());

        // Slot 12:01 fires once, on whichever instance wins it.
        clock.Set(new DateTimeOffset(2026, 3, 1, 12, 1, 0, TimeSpan.Zero));
        await PassAsync();
        Assert.Equal(1L, await JobsAsync());
        await Db.UntilAsync(async () => await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state = 'succeeded'") == 1, "the first run succeeded");

        // Slot 12:02 fires; its run blocks.
        clock.Set(new DateTimeOffset(2026, 3, 1, 12, 2, 0, TimeSpan.Zero));
        await PassAsync();
        Assert.Equal(2L, await JobsAsync());
        await Db.UntilAsync(async () => await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state = 'processing'") == 1, "the second run is processing");

        // Slot 12:03 is skipped: the 12:02 run is still going.
        clock.Set(new DateTimeOffset(2026, 3, 1, 12, 3, 0, TimeSpan.Zero));
        await PassAsync();
        Assert.Equal(2L, await JobsAsync());
        Assert.Equal(new DateTime(2026, 3, 1, 12, 4, 0, DateTimeKind.Utc), await Db.ScalarAsync<DateTime>(dataSource, "SELECT next_run_at FROM jobs.recurring"));

        // Once it finished, the next slot fires again.
        gate.SetResult();
        await Db.UntilAsync(async () => await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state = 'succeeded'") == 2, "the second run succeeded");
        clock.Set(new DateTimeOffset(2026, 3, 1, 12, 4, 0, TimeSpan.Zero));
        await PassAsync();
        Assert.Equal(3L, await JobsAsync());
        Assert.Equal("{\"n\": 7}", await Db.ScalarAsync<string>(dataSource, "SELECT args::text FROM jobs.job ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task Recurring_job_fires_on_trigger_now_and_not_while_disabled()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        await using var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, time: clock);
        await engine.Client.UpsertRecurringAsync(new RecurringJobDefinition("nightly", EngineHarness.Kind, "0 3 * * *") { Args = new TestArgs(1) });

        await Db.ScalarAsync<int>(dataSource, "UPDATE jobs.recurring SET trigger_requested = true RETURNING 1");
        await engine.RecurringChecksAsync();
        Assert.Equal(1L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE recurring_id = 'nightly'"));
        Assert.False(await Db.ScalarAsync<bool>(dataSource, "SELECT trigger_requested FROM jobs.recurring"));

        await Db.ScalarAsync<int>(dataSource, "UPDATE jobs.recurring SET enabled = false RETURNING 1");
        clock.Set(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero));
        await engine.RecurringChecksAsync();
        Assert.Equal(1L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE recurring_id = 'nightly'"));
    }

    [Fact]
    public async Task Retention_prunes_only_succeeded_jobs_older_than_the_retention()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        await using var engine = await EngineHarness.StartAsync(dataSource, (_, _, _) => Task.CompletedTask, o => o.SucceededRetention = TimeSpan.FromDays(7), clock, start: false);
        await using (var seed = dataSource.CreateCommand(
            """
            INSERT INTO jobs.job (kind, args, state, finished_at)
            SELECT 'test', '{}'::jsonb, 'succeeded', @now - interval '8 days' FROM generate_series(1, 2500)
            UNION ALL SELECT 'test', '{}'::jsonb, 'succeeded', @now - interval '6 days'
            UNION ALL SELECT 'test', '{}'::jsonb, 'failed', @now - interval '30 days'
            UNION ALL SELECT 'test', '{}'::jsonb, 'enqueued', NULL
            """))
        {
            seed.Parameters.AddWithValue("now", Start);
            await seed.ExecuteNonQueryAsync();
        }

        const string Analysed = "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'jobs' AND relname IN ('job', 'job_attempt', 'job_state') AND last_analyze IS NOT NULL";
        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, Analysed));

        Assert.Equal(2500, await engine.Engine.PruneAsync(CancellationToken.None));

        // The same round refreshes the statistics the engine's prepared statements are planned with.
        Assert.Equal(3L, await Db.ScalarAsync<long>(dataSource, Analysed));

        var left = await Db.RowsAsync(dataSource, "SELECT state, count(*) FROM jobs.job GROUP BY state ORDER BY state");
        Assert.Equal([["enqueued", 1L], ["failed", 1L], ["succeeded", 1L]], left);
    }
}
