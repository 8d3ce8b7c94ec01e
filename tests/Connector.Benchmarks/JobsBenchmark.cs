using System.Diagnostics;
using System.Globalization;
using Connector.Testing;
using Npgsql;

namespace Connector.Benchmarks;

/// <summary>
/// The job layer (Hangfire + the connector's keyed work, retry rule and LISTEN/NOTIFY wake-ups) beside Hangfire.PostgreSql
/// with its default options, each on a fresh database of its own, measured in the same run: enqueue → start latency of
/// a lone job (same instance, and enqueued by another process on the same database), no-op drain throughput at 1/4/16
/// workers, idle database transactions per second, and how long a SIGKILLed instance's job takes to run again.
/// Options: <c>[samples S] [hangfire-other-samples H] [idle-seconds I] [invisibility-seconds T]</c>, e.g. <c>jobs 200 8 60 30</c>.
/// </summary>
internal sealed class JobsBenchmark : IBenchmarkSuite
{
    private static readonly Dictionary<int, int> DrainJobs = new() { [1] = 500, [4] = 1000, [16] = 1500 };
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(30);

    public string Name => "jobs";

    public string Description => "Job layer vs Hangfire.PostgreSql defaults: lone-job latency (same / other process), drain jobs/s at 1/4/16 workers, idle xact/s, crash recovery";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var samples = Arg(args, 0, 200);
        var hangfireOtherSamples = Arg(args, 1, 8);
        var idleSeconds = Arg(args, 2, 60);
        var invisibility = Arg(args, 3, 30);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load at start: {Load()}");
        Console.WriteLine($"PostgreSQL: {await ServerVersionAsync()} (throwaway, fsync off); 'ours' = Connector.Jobs with its defaults (8 workers, queue poll 30 s, schedule poll 15 s);");
        Console.WriteLine("'Hangfire' = services.AddHangfire(c => c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(cs))) + AddHangfireServer(), defaults (10 workers on 2 cores, queue poll 15 s)");
        Console.WriteLine("another instance = a child process hosting a second server of the same engine on the same database, working only a queue no job uses");
        Console.WriteLine();

        // Hangfire defaults first: Hangfire's serializer settings are process-wide and our hosts replace them (stable job
        // names), so its defaults are only what they are before our first host is built.
        var hangfireDb = await PostgresServer.CreateDatabaseAsync("hangfire_defaults");
        var oursDb = await PostgresServer.CreateDatabaseAsync("connector_jobs");

        var latency = new List<(string Case, string Engine, List<double> Ms)>();
        var drains = new List<(string Engine, string How, int Workers, int Jobs, double PerSecond)>();

        Console.WriteLine("measuring Hangfire defaults …");
        await using (var other = await JobsInstanceProcess.StartAsync(JobsEngine.HangfireDefaults, hangfireDb, 0, elsewhere: true, 0, false))
        {
            await using (var host = await JobsBenchHost.StartAsync(JobsEngine.HangfireDefaults, hangfireDb))
            {
                latency.Add(("same instance, Create", "Hangfire", await LatencyAsync(samples / 2, 5, "hf-same", id => Task.FromResult(host.Create(id)), cancellationToken)));
                latency.Add(($"other process, Create ({hangfireOtherSamples} samples)", "Hangfire", await LatencyAsync(hangfireOtherSamples, 0, "hf-other", id => RemoteAsync(other, "create", id, cancellationToken), cancellationToken)));
            }

            foreach (var workers in DrainJobs.Keys)
            {
                drains.Add(("Hangfire", "Create", workers, DrainJobs[workers], await DrainAsync(JobsEngine.HangfireDefaults, hangfireDb, other, "createbatch", "default", workers, DrainJobs[workers], cancellationToken)));
            }
        }

        var hangfireCrash = await CrashAsync(JobsEngine.HangfireDefaults, hangfireDb, invisibility, cancellationToken);

        Console.WriteLine("measuring ours …");
        await using (var other = await JobsInstanceProcess.StartAsync(JobsEngine.Connector, oursDb, 0, elsewhere: true, 0, false))
        {
            await using (var host = await JobsBenchHost.StartAsync(JobsEngine.Connector, oursDb))
            {
                latency.Add(("same instance, JobIntake", "ours", await LatencyAsync(samples, 10, "our-same-keyed", id => host.RequestKeyedAsync(id, cancellationToken), cancellationToken)));
                latency.Add(("same instance, Create", "ours", await LatencyAsync(samples, 10, "our-same-plain", id => Task.FromResult(host.Create(id)), cancellationToken)));
                latency.Add(("other process, JobIntake", "ours", await LatencyAsync(samples, 10, "our-other-keyed", id => RemoteAsync(other, "keyed", id, cancellationToken), cancellationToken)));
                latency.Add(("other process, Create", "ours", await LatencyAsync(samples, 10, "our-other-plain", id => RemoteAsync(other, "create", id, cancellationToken), cancellationToken)));
            }

            foreach (var workers in DrainJobs.Keys)
            {
                drains.Add(("ours", "JobIntake", workers, DrainJobs[workers], await DrainAsync(JobsEngine.Connector, oursDb, other, "keyedbatch", JobsBenchHost.ConnectorQueue, workers, DrainJobs[workers], cancellationToken)));
                drains.Add(("ours", "Create", workers, DrainJobs[workers], await DrainAsync(JobsEngine.Connector, oursDb, other, "createbatch", JobsBenchHost.ConnectorQueue, workers, DrainJobs[workers], cancellationToken)));
            }
        }

        var oursCrash = await CrashAsync(JobsEngine.Connector, oursDb, invisibility, cancellationToken);

        Console.WriteLine($"measuring idle transactions ({idleSeconds} s, both engines at once, each in a child process on a fresh database) …");
        var idle = await IdleAsync(idleSeconds, cancellationToken);
        Console.WriteLine();

        Console.WriteLine("1. enqueue → start of a lone job (from just before the enqueue call to the job method's first line; random 20–80 ms gaps)");
        Console.WriteLine($"{"case",-44} {"engine",-9} {"n",5} {"p50 ms",9} {"p99 ms",9} {"max ms",9}");
        foreach (var (name, engine, ms) in latency)
        {
            Console.WriteLine($"{"  " + name,-44} {engine,-9} {ms.Count,5} {Percentile(ms, 0.5),9:F2} {Percentile(ms, 0.99),9:F2} {ms.Max(),9:F2}");
        }

        Console.WriteLine($"  (Hangfire's other-process samples are few: each waits for a worker's next 15 s poll; its p99 of {hangfireOtherSamples} is its max)");
        Console.WriteLine();
        Console.WriteLine("2. drain of N pre-enqueued no-op jobs (jobs/s from the first start to the last end; queued by the other instance, drained by a fresh one)");
        Console.WriteLine($"{"engine / enqueue",-24} {"1 worker",10} {"4 workers",10} {"16 workers",10}   N = {string.Join("/", DrainJobs.Values)}");
        foreach (var group in drains.GroupBy(d => $"{d.Engine} / {d.How}"))
        {
            Console.WriteLine($"{"  " + group.Key,-24} {string.Join(' ', group.OrderBy(d => d.Workers).Select(d => $"{d.PerSecond,10:F0}"))}");
        }

        Console.WriteLine();
        Console.WriteLine($"3. idle database transactions per instance over {idleSeconds} s (pg_stat_database xact_commit + xact_rollback; minus a control database with no instance)");
        Console.WriteLine($"{"engine",-24} {"xact",8} {"xact/s",8}");
        Console.WriteLine($"{"  ours",-24} {idle.Ours,8} {idle.Ours / (double)idleSeconds,8:F2}");
        Console.WriteLine($"{"  Hangfire defaults",-24} {idle.Hangfire,8} {idle.Hangfire / (double)idleSeconds,8:F2}");
        Console.WriteLine($"  (control database: {idle.Control} transactions, subtracted; the probe reads from the 'postgres' database, so none of its own are in these counts)");
        Console.WriteLine();
        Console.WriteLine($"4. crash recovery: an instance fetches a long job and is SIGKILLed; until the job starts again in a surviving instance (InvisibilityTimeout {invisibility} s for both)");
        Console.WriteLine($"{"engine",-24} {"s after kill",12} {"× timeout",10} {"job age at kill s",18}");
        Console.WriteLine($"{"  ours (sliding)",-24} {oursCrash.Seconds,12:F1} {oursCrash.Seconds / invisibility,10:F2} {oursCrash.AgeAtKill,18:F1}");
        Console.WriteLine($"{"  Hangfire (fixed)",-24} {hangfireCrash.Seconds,12:F1} {hangfireCrash.Seconds / invisibility,10:F2} {hangfireCrash.AgeAtKill,18:F1}");
        Console.WriteLine();

        var otherP50 = Percentile(latency.Single(l => l is { Engine: "ours", Case: "other process, JobIntake" }).Ms, 0.5);
        var idleRate = idle.Ours / (double)idleSeconds;
        var crashMultiple = oursCrash.Seconds / invisibility;
        Console.WriteLine("targets (ours):");
        Console.WriteLine($"  other-instance wake-up p50 < 50 ms: {Verdict(otherP50, 50, lowerIsBetter: true, "ms")}");
        Console.WriteLine($"  idle <= 2 xact/s per instance:     {Verdict(idleRate, 2, lowerIsBetter: true, "xact/s")}");
        Console.WriteLine($"  crash recovery <= 2 × timeout:     {Verdict(crashMultiple, 2, lowerIsBetter: true, "×")}");
        Console.WriteLine($"load at end: {Load()}");
    }

    /// <summary>Enqueues one job at a time and waits for it to start; the first <paramref name="warmUp"/> are not kept.</summary>
    private static async Task<List<double>> LatencyAsync(int samples, int warmUp, string prefix, Func<string, Task<long>> enqueue, CancellationToken cancellationToken)
    {
        var kept = new List<double>(samples);
        for (var i = 0; i < samples + warmUp; i++)
        {
            var id = $"{prefix}-{i}";
            var started = JobsProbeBoard.WaitForStart(id);
            var enqueued = await enqueue(id);
            var at = await started.WaitAsync(JobTimeout, cancellationToken);
            if (i >= warmUp)
            {
                kept.Add(Stopwatch.GetElapsedTime(enqueued, at).TotalMilliseconds);
            }

            // Random gaps, so samples do not keep one phase against the engines' timers.
            await Task.Delay(Random.Shared.Next(20, 80), cancellationToken);
        }

        return kept;
    }

    private static async Task<long> RemoteAsync(JobsInstanceProcess other, string command, string id, CancellationToken cancellationToken) =>
        long.Parse(await other.CallAsync($"{command} {id}", cancellationToken), CultureInfo.InvariantCulture);

    /// <summary>The other instance queues <paramref name="jobs"/> jobs; once all sit in the queue, a fresh instance with <paramref name="workers"/> workers drains them.</summary>
    private static async Task<double> DrainAsync(
        JobsEngine engine, string connectionString, JobsInstanceProcess feeder, string command, string queue, int workers, int jobs, CancellationToken cancellationToken)
    {
        var prefix = $"drain-{engine}-{command}-{workers}";
        await feeder.CallAsync($"{command} {prefix} {jobs}", cancellationToken);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            // Our keyed requests are handed to Hangfire in the background: wait until every one is a queued job.
            await WaitForAsync(
                async () =>
                {
                    await using var count = dataSource.CreateCommand("SELECT count(*) FROM hangfire.jobqueue WHERE queue = @q AND fetchedat IS NULL");
                    count.Parameters.AddWithValue("q", queue);
                    return (long)(await count.ExecuteScalarAsync(cancellationToken))! >= jobs;
                },
                TimeSpan.FromSeconds(120),
                $"{jobs} queued jobs",
                cancellationToken);
        }

        JobsProbeBoard.ResetDrain();
        await using var host = await JobsBenchHost.StartAsync(engine, connectionString, workers);
        await WaitForAsync(() => Task.FromResult(JobsProbeBoard.Runs >= jobs), TimeSpan.FromSeconds(180), $"{jobs} drained jobs", cancellationToken);
        return jobs / JobsProbeBoard.DrainSpan.TotalSeconds;
    }

    /// <summary>A child instance (1 worker) starts a long job and is SIGKILLed; a surviving instance here runs it again.</summary>
    private static async Task<(double Seconds, double AgeAtKill)> CrashAsync(JobsEngine engine, string connectionString, int invisibility, CancellationToken cancellationToken)
    {
        var id = $"long-{engine}-{Guid.NewGuid():N}";
        var doomed = await JobsInstanceProcess.StartAsync(engine, connectionString, 1, elsewhere: false, invisibility, holdLongJobs: true);
        try
        {
            await doomed.CallAsync($"{(engine == JobsEngine.Connector ? "keyed" : "create")} {id}", cancellationToken);
            await WaitForAsync(() => Task.FromResult(doomed.Started.ContainsKey(id)), JobTimeout, "the long job in the doomed instance", cancellationToken);
            var again = JobsProbeBoard.WaitForStart(id);
            await using var survivor = await JobsBenchHost.StartAsync(engine, connectionString, invisibility: TimeSpan.FromSeconds(invisibility));
            // The survivor's workers have looked once and are waiting, as an instance that has run for a while.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var killedAt = doomed.Kill();
            var age = Stopwatch.GetElapsedTime(doomed.Started[id], killedAt).TotalSeconds;
            var startedAgain = await again.WaitAsync(TimeSpan.FromSeconds((5 * invisibility) + 60), cancellationToken);
            return (Stopwatch.GetElapsedTime(killedAt, startedAgain).TotalSeconds, age);
        }
        finally
        {
            await doomed.DisposeAsync();
        }
    }

    private static async Task<(long Ours, long Hangfire, long Control)> IdleAsync(int seconds, CancellationToken cancellationToken)
    {
        var ours = await PostgresServer.CreateDatabaseAsync("idle_ours");
        var hangfire = await PostgresServer.CreateDatabaseAsync("idle_hangfire");
        var control = await PostgresServer.CreateDatabaseAsync("idle_control");
        await using (var dataSource = NpgsqlDataSource.Create(control))
        {
            // The same tables as ours, so autovacuum has as much to look at there.
            await Connector.Jobs.JobsSchema.MigrateAsync(dataSource, cancellationToken);
        }

        var names = new[] { ours, hangfire, control }.Select(cs => new NpgsqlConnectionStringBuilder(cs).Database!).ToArray();
        await using var ourInstance = await JobsInstanceProcess.StartAsync(JobsEngine.Connector, ours, 0, elsewhere: false, 0, false);
        await using var hangfireInstance = await JobsInstanceProcess.StartAsync(JobsEngine.HangfireDefaults, hangfire, 0, elsewhere: false, 0, false);
        // Start-up work (schema checks, server announcements, first polls) is not idle.
        await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
        await using var admin = NpgsqlDataSource.Create(await PostgresServer.GetAdminConnectionStringAsync());
        async Task<long[]> CountsAsync()
        {
            await using var command = admin.CreateCommand("SELECT datname, xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ANY(@names)");
            command.Parameters.AddWithValue("names", names);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return [.. names.Select(n => counts[n])];
        }

        var before = await CountsAsync();
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        var after = await CountsAsync();
        var controlDelta = after[2] - before[2];
        return (after[0] - before[0] - controlDelta, after[1] - before[1] - controlDelta, controlDelta);
    }

    private static async Task<string> ServerVersionAsync()
    {
        await using var admin = NpgsqlDataSource.Create(await PostgresServer.GetAdminConnectionStringAsync());
        await using var command = admin.CreateCommand("SHOW server_version");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static string Verdict(double value, double target, bool lowerIsBetter, string unit)
    {
        var met = lowerIsBetter ? value <= target : value >= target;
        var margin = Math.Abs(target - value);
        return $"{(met ? "met" : "MISSED")} ({value:F2} {unit} vs {target} {unit}: {(met ? "by" : "short by")} {margin:F2} {unit}, {margin / target:P0})";
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static string Load()
    {
        var parts = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : [];
        return parts.Length >= 3 ? $"{parts[0]}/{parts[1]}/{parts[2]}" : "n/a";
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
