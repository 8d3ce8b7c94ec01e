using System.Diagnostics;
using Connector.Jobs;
using Connector.Jobs.Engine;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Benchmarks;

/// <summary>
/// The job engine on this machine: no-op throughput at 1, 4 and 16 workers against the raw-SQL ceiling (the engine's own
/// claim and complete statements in plain loops), enqueue→start latency of a lone job on an idle engine, and the
/// queries an idle instance issues per second.
/// </summary>
internal sealed class JobsBenchmark : IBenchmarkSuite
{
    private const int ThroughputJobs = 6000;
    private const int LatencySamples = 300;
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(30);

    public string Name => "jobs";

    public string Description => "job engine: throughput vs raw-SQL ceiling, wake-up latency, idle queries/s";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("bench");
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100 }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await JobsSchema.MigrateAsync(dataSource, cancellationToken);
        var version = await ScalarAsync<string>(dataSource, "SHOW server_version");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, PostgreSQL {version} (local, fsync off)");
        Console.WriteLine();

        // Warm-up (untimed): JIT, connection pool, prepared statements and the table's first pages.
        await CeilingAsync(dataSource, 4, 1, cancellationToken);
        await ThroughputAsync(dataSource, 4, cancellationToken);

        // Two ceilings with W plain loops over the engine's own statements: claim one job then complete it (the loop the
        // engine's workers amount to), and claim up to 16 per statement then complete them in turn (the most the same SQL
        // allows when claims are batched ahead of free workers, which the engine deliberately does not do).
        Console.WriteLine($"{"throughput (no-op, " + ThroughputJobs + " jobs)",-44} {"jobs/s",10} {"ceil. 1/s",10} {"ceil. 16/s",10} {"vs 1",7} {"vs 16",7}");
        foreach (var workers in new[] { 1, 4, 16 })
        {
            var single = await CeilingAsync(dataSource, workers, 1, cancellationToken);
            var batched = await CeilingAsync(dataSource, workers, 16, cancellationToken);
            var engine = await ThroughputAsync(dataSource, workers, cancellationToken);
            Console.WriteLine($"{"  engine, " + workers + " workers",-44} {engine,10:F0} {single,10:F0} {batched,10:F0} {engine / single,7:P0} {engine / batched,7:P0}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"enqueue→start latency (" + LatencySamples + " lone jobs 25-35 ms apart, idle engine)",-44} {"p50 ms",10} {"p99 ms",10} {"max ms",7}");
        foreach (var remote in new[] { false, true })
        {
            var samples = await LatencyAsync(dataSource, connectionString, remote, cancellationToken);
            Console.WriteLine($"{(remote ? "  other process (NOTIFY after the commit)" : "  same process (local signal)"),-44} {Percentile(samples, 0.50),10:F2} {Percentile(samples, 0.99),10:F2} {samples.Max(),7:F2}");
        }

        Console.WriteLine();
        var lease = TimeSpan.FromSeconds(3);
        var recovery = await CrashRecoveryAsync(dataSource, lease, cancellationToken);
        Console.WriteLine($"crash recovery: a job abandoned by a dead worker ran again {recovery.TotalSeconds:F2} s after its claim (lease {lease.TotalSeconds:F0} s, i.e. {recovery / lease:F2} × lease)");

        Console.WriteLine();
        var (transactions, commands) = await IdleAsync(cancellationToken);
        Console.WriteLine($"idle instance over {IdleWindow.TotalSeconds:F0} s: {transactions:F2} transactions/s (pg_stat_database xact_commit delta), {commands:F2} statements/s (Npgsql commands counted in-process)");
    }

    /// <summary>The same claim and complete statements the engine runs, issued by <paramref name="loops"/> plain loops claiming up to <paramref name="batch"/> jobs per statement.</summary>
    private static async Task<double> CeilingAsync(NpgsqlDataSource dataSource, int loops, int batch, CancellationToken cancellationToken)
    {
        await SeedAsync(dataSource, ThroughputJobs, cancellationToken);
        var store = new JobStore(dataSource);
        string[] queues = ["default"];
        var lease = TimeSpan.FromSeconds(60);
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, loops).Select(i => Task.Run(
            async () =>
            {
                // Like the engine's fetcher, each loop claims on a connection it holds and completes through the pool.
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                while (true)
                {
                    var jobs = await JobStore.ClaimAsync(connection, queues, batch, $"ceiling-{i}", DateTimeOffset.UtcNow, lease, cancellationToken);
                    if (jobs.Count == 0)
                    {
                        return;
                    }

                    foreach (var job in jobs)
                    {
                        await store.FinishAsync(job.Id, job.LeaseToken, JobTransition.Succeeded(job.Attempt), DateTimeOffset.UtcNow, cancellationToken);
                    }
                }
            },
            cancellationToken)));
        stopwatch.Stop();
        await EnsureAllSucceededAsync(dataSource);
        return ThroughputJobs / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> ThroughputAsync(NpgsqlDataSource dataSource, int workers, CancellationToken cancellationToken)
    {
        await SeedAsync(dataSource, ThroughputJobs, cancellationToken);
        var done = 0;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = BuildEngine(dataSource, o => o.WorkerCount = workers, () =>
        {
            if (Interlocked.Increment(ref done) == ThroughputJobs)
            {
                allRan.TrySetResult();
            }
        });
        var engine = provider.GetRequiredService<JobEngine>();
        var stopwatch = Stopwatch.StartNew();
        await engine.StartAsync(cancellationToken);
        await allRan.Task.WaitAsync(cancellationToken);

        // The last completions are written after their handlers return: stop the clock when the table says so.
        while (await ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state = 'succeeded'") < ThroughputJobs)
        {
            await Task.Delay(1, cancellationToken);
        }

        stopwatch.Stop();
        await engine.StopAsync(cancellationToken);
        await EnsureAllSucceededAsync(dataSource);
        return ThroughputJobs / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Milliseconds from the start of <c>EnqueueAsync</c> (its insert round trip included) to the handler's first line.</summary>
    private static async Task<List<double>> LatencyAsync(NpgsqlDataSource dataSource, string connectionString, bool remote, CancellationToken cancellationToken)
    {
        await ExecuteAsync(dataSource, "TRUNCATE jobs.job CASCADE");
        TaskCompletionSource<long>? started = null;
        await using var provider = BuildEngine(dataSource, _ => { }, () => started?.TrySetResult(Stopwatch.GetTimestamp()));
        var engine = provider.GetRequiredService<JobEngine>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Listening += () => listening.TrySetResult();
        await engine.StartAsync(cancellationToken);
        await listening.Task.WaitAsync(cancellationToken);

        // "Another process": its own data source and container, so the engine hears of the job only through NOTIFY.
        await using var otherDataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench-producer" }.ConnectionString);
        await using var producerProvider = remote ? BuildEngine(otherDataSource, _ => { }, () => { }) : null;
        var client = (producerProvider ?? provider).GetRequiredService<JobClient>();
        var samples = new List<double>(LatencySamples);
        for (var i = 0; i < LatencySamples + 20; i++)
        {
            // Let the engine go idle (waiting for a wake-up) before each lone job, and past the default windows that batch
            // a stream of jobs (Jobs:FetchCooldown 3 ms, Jobs:NotifyInterval 20 ms): a lone job is not part of a stream.
            await Task.Delay(Random.Shared.Next(25, 35), cancellationToken);
            started = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var before = Stopwatch.GetTimestamp();
            await client.EnqueueAsync("noop", new NoopArgs(i), cancellationToken: cancellationToken);
            var at = await started.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            if (i >= 20)
            {
                samples.Add(Stopwatch.GetElapsedTime(before, at).TotalMilliseconds); // the first 20 warm up JIT and pools
            }
        }

        await engine.StopAsync(cancellationToken);
        return samples;
    }

    /// <summary>A worker claims a job and dies; how long until a live engine runs it again (lease expiry + at most one poll).</summary>
    private static async Task<TimeSpan> CrashRecoveryAsync(NpgsqlDataSource dataSource, TimeSpan lease, CancellationToken cancellationToken)
    {
        await ExecuteAsync(dataSource, "TRUNCATE jobs.job CASCADE");
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = BuildEngine(dataSource, o => o.LeaseDuration = lease, () => ran.TrySetResult());
        await provider.GetRequiredService<JobClient>().EnqueueAsync("noop", new NoopArgs(0), cancellationToken: cancellationToken);
        var claimed = Stopwatch.GetTimestamp();
        var dead = await new JobStore(dataSource).ClaimAsync(["default"], 1, "dead-worker", DateTimeOffset.UtcNow, lease, cancellationToken);
        if (dead.Count != 1)
        {
            throw new InvalidOperationException("The dead worker did not get the job.");
        }

        var engine = provider.GetRequiredService<JobEngine>();
        await engine.StartAsync(cancellationToken);
        await ran.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(claimed);
        await engine.StopAsync(cancellationToken);
        return elapsed;
    }

    /// <summary>
    /// Transactions committed in the engine's database while only an idle engine is connected (read from the maintenance
    /// database so the reads do not count), and the statements Npgsql issued in this process over the same window.
    /// </summary>
    private static async Task<(double Transactions, double Commands)> IdleAsync(CancellationToken cancellationToken)
    {
        // A database of its own: no leftover activity (autovacuum after the throughput runs) is counted against the engine.
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync("idle"));
        await JobsSchema.MigrateAsync(dataSource, cancellationToken);
        var database = await ScalarAsync<string>(dataSource, "SELECT current_database()");
        await using var admin = NpgsqlDataSource.Create(await PostgresServer.GetAdminConnectionStringAsync());
        await using var provider = BuildEngine(dataSource, _ => { }, () => { });
        var engine = provider.GetRequiredService<JobEngine>();
        await engine.StartAsync(cancellationToken);
        // Backends flush their statistics at most once a second, and within ~10 s once idle: wait until the earlier
        // phases' transactions have all been counted before taking the first reading.
        await Task.Delay(TimeSpan.FromSeconds(12), cancellationToken);

        var commands = 0L;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Interlocked.Increment(ref commands),
        };
        var before = await CommitsAsync(admin, database);
        ActivitySource.AddActivityListener(listener);
        var stopwatch = Stopwatch.StartNew();
        await Task.Delay(IdleWindow, cancellationToken);
        var counted = Interlocked.Read(ref commands);
        var elapsed = stopwatch.Elapsed.TotalSeconds;

        // Wait out the flush delay again so the window's own transactions are all counted.
        await Task.Delay(TimeSpan.FromSeconds(11), cancellationToken);
        var after = await CommitsAsync(admin, database);
        var idleTail = Interlocked.Read(ref commands) - counted;
        await engine.StopAsync(cancellationToken);
        return ((after - before - idleTail) / elapsed, counted / elapsed);
    }

    private static async Task<long> CommitsAsync(NpgsqlDataSource admin, string database)
    {
        await using var command = admin.CreateCommand("SELECT pg_stat_clear_snapshot(), xact_commit FROM pg_stat_database WHERE datname = @db");
        command.Parameters.AddWithValue("db", database);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(1);
    }

    private static ServiceProvider BuildEngine(NpgsqlDataSource dataSource, Action<JobsOptions> configure, Action onRun)
    {
        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        services.AddSingleton(new NoopHandler.Probe(onRun));
        services.AddConnectorJobs(o =>
        {
            o.MigrateSchemaOnStart = false;
            configure(o);
        });
        services.AddJobHandler<NoopHandler, NoopArgs>("noop");
        return services.BuildServiceProvider();
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, int count, CancellationToken cancellationToken)
    {
        await ExecuteAsync(dataSource, "TRUNCATE jobs.job CASCADE");
        await using (var seed = dataSource.CreateCommand(
            "INSERT INTO jobs.job (kind, args, state, run_at) SELECT 'noop', jsonb_build_object('n', g), 'enqueued', @now FROM generate_series(1, @count) g"))
        {
            seed.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
            seed.Parameters.AddWithValue("count", count);
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(dataSource, "VACUUM ANALYZE jobs.job");
    }

    private static async Task EnsureAllSucceededAsync(NpgsqlDataSource dataSource)
    {
        var succeeded = await ScalarAsync<long>(dataSource, "SELECT count(*) FROM jobs.job WHERE state = 'succeeded' AND attempt = 1");
        if (succeeded != ThroughputJobs)
        {
            throw new InvalidOperationException($"Expected {ThroughputJobs} jobs succeeded on their first attempt, found {succeeded}.");
        }
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
