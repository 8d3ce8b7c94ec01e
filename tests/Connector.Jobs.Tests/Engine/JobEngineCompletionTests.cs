using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Connector.Jobs.Engine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Jobs.Tests.Engine;

/// <summary>Finished attempts go through the engine's completer: grouped into few statements, each job still recorded exactly as alone.</summary>
public sealed class JobEngineCompletionTests
{
    [Fact]
    public async Task Engine_records_every_outcome_of_jobs_finishing_together_in_fewer_statements_than_jobs()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        const int jobs = 64;
        const int workers = 16;
        await SeedAsync(dataSource, jobs);

        // The first wave of workers is held until all of them are running, then released at once: their completions
        // arrive together, as under load.
        var started = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Run(TestArgs args, JobContext context, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref started) == workers)
            {
                gate.TrySetResult();
            }

            await gate.Task;
            switch (args.N % 4)
            {
                case 0:
                    throw new PermanentJobFailureException($"bad args {args.N}", null);
                case 1:
                    throw new InvalidOperationException($"Leat answered 503 for {args.N}");
            }
        }

        await using var engine = await EngineHarness.StartAsync(
            dataSource,
            Run,
            o =>
            {
                o.WorkerCount = workers;
                o.BatchSize = workers;
                o.RetryBaseDelay = TimeSpan.FromHours(1); // the retried jobs stay scheduled for the rest of the test
            },
            start: false);
        var statements = 0;
        var written = 0;
        engine.Engine.Completer.Written += n =>
        {
            Interlocked.Increment(ref statements);
            Interlocked.Add(ref written, n);
        };
        var counted = new ConcurrentDictionary<string, long>();
        using var listener = CountersOf(engine, counted);
        await engine.Engine.StartAsync(CancellationToken.None);

        await Db.UntilAsync(async () => await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state IN ('succeeded', 'failed', 'scheduled')") == jobs, "every job has finished its attempt");
        await engine.Engine.StopAsync(CancellationToken.None);

        Assert.Equal(jobs, written);
        Assert.True(statements < jobs, $"{jobs} completions took {statements} statements");
        var rows = await Db.RowsAsync(
            dataSource,
            """
            SELECT (j.args->>'n')::int, j.state, j.lease_token, j.finished_at IS NOT NULL, j.run_at > j.updated_at, j.last_error,
                   a.outcome, a.error, s.reason
            FROM jobs.job j
            JOIN jobs.job_attempt a ON a.job_id = j.id
            JOIN jobs.job_state s ON s.job_id = j.id AND s.state = j.state
            ORDER BY 1
            """);
        Assert.Equal(jobs, rows.Count); // one attempt and one history row of the final state per job
        foreach (var row in rows)
        {
            var n = (int)row[0]!;
            switch (n % 4)
            {
                case 0:
                    Assert.Equal([n, "failed", null, true, false, $"bad args {n}", "failed", $"bad args {n}", $"Failed permanently on attempt 1: bad args {n}"], row);
                    break;
                case 1:
                    Assert.Equal([n, "scheduled", null, false, true, $"Leat answered 503 for {n}", "retry", $"Leat answered 503 for {n}"], row[..8]);
                    Assert.StartsWith("Retry 1 of 10 at ", (string)row[8]!);
                    Assert.EndsWith($": Leat answered 503 for {n}", (string)row[8]!);
                    break;
                default:
                    Assert.Equal([n, "succeeded", null, true, false, null, "succeeded", null, "Succeeded on attempt 1"], row);
                    break;
            }
        }

        Assert.Equal(jobs / 2, counted.GetValueOrDefault("connector.jobs.processed"));
        Assert.Equal(jobs / 4, counted.GetValueOrDefault("connector.jobs.failed"));
        Assert.Equal(jobs / 4, counted.GetValueOrDefault("connector.jobs.retried"));
    }

    [Fact]
    public async Task Graceful_stop_waits_for_completions_held_up_by_a_locked_row_and_writes_every_one()
    {
        await using var dataSource = await EngineHarness.CreateDatabaseAsync();
        const int jobs = 8;
        await SeedAsync(dataSource, jobs);
        var started = 0;
        var returned = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Run(TestArgs args, JobContext context, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref started) == jobs)
            {
                allStarted.TrySetResult();
            }

            await gate.Task;
            Interlocked.Increment(ref returned);
        }

        var engine = await EngineHarness.StartAsync(dataSource, Run, o => { o.WorkerCount = jobs; o.BatchSize = jobs; });
        var written = 0;
        engine.Engine.Completer.Written += n => Interlocked.Add(ref written, n);
        await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Someone else holds one job's row: the completer's statement that contains it waits, and the rest queue behind it.
        await using var blocker = await dataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM jobs.job ORDER BY id LIMIT 1 FOR UPDATE", blocker, transaction))
        {
            await lockRow.ExecuteScalarAsync();
        }

        gate.SetResult();
        await Db.UntilAsync(
            async () => Volatile.Read(ref returned) == jobs && await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()") > 0,
            "every handler returned and a completion waits on the locked row");
        var stop = engine.Engine.StopAsync(CancellationToken.None);
        Assert.False(stop.IsCompleted, "the engine must not stop while completions are unwritten");

        await transaction.CommitAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(30));
        await engine.Provider.DisposeAsync();

        Assert.Equal(jobs, written);
        Assert.Equal([["succeeded", (long)jobs]], await Db.RowsAsync(dataSource, "SELECT state, count(*) FROM jobs.job GROUP BY state"));
        Assert.Equal(jobs, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job_attempt WHERE outcome = 'succeeded'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job_state WHERE reason = 'Released at shutdown'"));
    }

    /// <summary>Enqueued jobs with arguments <c>{"n": 0..count-1}</c>, written directly so the test depends only on the engine.</summary>
    private static async Task SeedAsync(NpgsqlDataSource dataSource, int count)
    {
        await using var seed = dataSource.CreateCommand(
            "INSERT INTO jobs.job (kind, args, state, run_at) SELECT @kind, jsonb_build_object('n', g), 'enqueued', now() - interval '1 second' FROM generate_series(0, @count - 1) g");
        seed.Parameters.AddWithValue("kind", EngineHarness.Kind);
        seed.Parameters.AddWithValue("count", count);
        await seed.ExecuteNonQueryAsync();
    }

    /// <summary>Sums this engine's counters by instrument name (other tests' engines publish instruments of the same names).</summary>
    private static MeterListener CountersOf(EngineHarness engine, ConcurrentDictionary<string, long> counted)
    {
        var meter = engine.Provider.GetRequiredService<JobsMetrics>().Meter;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counted.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();
        return listener;
    }
}
