using System.Diagnostics;
using System.Globalization;
using Connector.Testing;
using Npgsql;
using static Connector.Benchmarks.BenchmarkKit;

namespace Connector.Benchmarks;

/// <summary>
/// The job layer (Hangfire + the connector's keyed work, retry rule and LISTEN/NOTIFY wake-ups) beside Hangfire.PostgreSql
/// with its default options, each on a fresh database of its own, measured in the same run: enqueue → start latency of
/// a lone job (same instance, and enqueued by another process on the same database), no-op drain throughput at 1/4/16
/// workers, idle database transactions per second, and how long a SIGKILLed instance's job takes to run again.
/// Options: <c>[samples S] [hangfire-other-samples H] [idle-seconds I] [invisibility-seconds T] [crash-kills K]</c>, e.g. <c>jobs 150 8 60 30 3</c>.
/// </summary>
internal sealed class JobsBenchmark : IBenchmarkSuite
{
    private static readonly Dictionary<int, int> DrainJobs = new() { [1] = 500, [4] = 1000, [16] = 1500 };
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The queue poll of the crash case that shows the effect of a poll shorter than the invisibility timeout.</summary>
    private const int ShortPollSeconds = 10;

    /// <summary>Ours' default queue poll (Jobs:QueuePollInterval): after a job's invisibility ends, only a poll finds it.</summary>
    private const int DefaultPollSeconds = 30;

    public string Name => "jobs";

    public string Description => "Job layer vs Hangfire.PostgreSql defaults: lone-job latency (same / other process), drain jobs/s at 1/4/16 workers, idle xact/s, crash recovery";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var samples = Arg(args, 0, 150);
        var hangfireOtherSamples = Arg(args, 1, 8);
        var idleSeconds = Arg(args, 2, 60);
        var invisibility = Arg(args, 3, 30);
        var crashSamples = Arg(args, 4, 3);
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

        // Diagnosis: BENCH_JOBS_ONLY=crash runs the crash cases alone.
        var crashOnly = Environment.GetEnvironmentVariable("BENCH_JOBS_ONLY") == "crash";
        if (!crashOnly)
        {
        Console.WriteLine("measuring Hangfire defaults …");
        await using (var other = await JobsInstanceProcess.StartAsync(JobsEngine.HangfireDefaults, hangfireDb, 0, elsewhere: true, 0, false))
        {
            await using (var host = await JobsBenchHost.StartAsync(JobsEngine.HangfireDefaults, hangfireDb))
            {
                latency.Add(("same instance, Create", "Hangfire", await LatencyAsync(samples, 10, "hf-same", id => Task.FromResult(host.Create(id)), cancellationToken)));
                latency.Add(($"other process, Create ({hangfireOtherSamples} samples)", "Hangfire", await LatencyAsync(hangfireOtherSamples, 0, "hf-other", id => RemoteAsync(other, "create", id, cancellationToken), cancellationToken, 500, 3000)));
            }

            foreach (var workers in DrainJobs.Keys)
            {
                drains.Add(("Hangfire", "Create", workers, DrainJobs[workers], await DrainAsync(JobsEngine.HangfireDefaults, hangfireDb, other, "createbatch", "default", workers, DrainJobs[workers], cancellationToken)));
            }
        }

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

        }

        // The three crash cases run at once, each on its own database: their figures are tens of seconds, which two
        // busy cores do not move, and one after the other they would take minutes.
        Console.WriteLine($"measuring crash recovery ({crashSamples} kills per case, the cases at once) …");
        var shortPoll = $"Jobs:QueuePollInterval={TimeSpan.FromSeconds(ShortPollSeconds):c}";
        var survivors = new System.Collections.Concurrent.ConcurrentBag<JobsBenchHost>();
        var crashCases = await Task.WhenAll(
            CrashAsync(JobsEngine.Connector, oursDb, invisibility, crashSamples, [], survivors, cancellationToken),
            CrashAsync(JobsEngine.Connector, await PostgresServer.CreateDatabaseAsync("crash_short_poll"), invisibility, crashSamples, [shortPoll], survivors, cancellationToken),
            CrashAsync(JobsEngine.HangfireDefaults, hangfireDb, invisibility, crashSamples, [], survivors, cancellationToken));
        foreach (var survivor in survivors)
        {
            await survivor.DisposeAsync();
        }

        var idle = (Ours: 0L, Hangfire: 0L, Control: 0L);
        if (!crashOnly)
        {
        Console.WriteLine($"measuring idle transactions ({idleSeconds} s, both engines at once, each in a child process on a fresh database) …");
        idle = await IdleAsync(idleSeconds, cancellationToken);
        Console.WriteLine();
        }

        if (!crashOnly)
        {
        Console.WriteLine("1. enqueue → start of a lone job (from just before the enqueue call to the job method's first line; random 100–250 ms gaps, 0.5–3 s for Hangfire other-process)");
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
        }

        Console.WriteLine($"4. crash recovery: an instance holding a long job is SIGKILLed at a random age of the job (5–20 s); until the job starts again in a");
        Console.WriteLine($"   surviving instance. InvisibilityTimeout {invisibility} s for both ({crashSamples} kills per case; each child has 1 worker)");
        Console.WriteLine($"{"case",-44} {"s after kill (each)",-24} {"max × timeout",13} {"ages at kill s",-18} {"bound × timeout",15}");
        var crashNames = new[]
        {
            ("ours (sliding, poll 30 s)", (invisibility + DefaultPollSeconds) / (double)invisibility),
            ($"ours, --{shortPoll}", (invisibility + ShortPollSeconds) / (double)invisibility),
            ("Hangfire (fixed, poll 15 s)", (invisibility + 15) / (double)invisibility),
        };
        for (var i = 0; i < crashCases.Length; i++)
        {
            var each = crashCases[i].OrderBy(c => c.Seconds).ToList();
            Console.WriteLine($"{"  " + crashNames[i].Item1,-44} {string.Join(" / ", each.Select(c => double.IsNaN(c.Seconds) ? "never" : c.Seconds.ToString("F1", CultureInfo.InvariantCulture))),-24} {(each.Any(c => double.IsNaN(c.Seconds)) ? "—" : (each.Max(c => c.Seconds) / invisibility).ToString("F2", CultureInfo.InvariantCulture)),13} {string.Join(" / ", each.Select(c => c.AgeAtKill.ToString("F1", CultureInfo.InvariantCulture))),-18} {crashNames[i].Item2,15:F2}");
        }

        Console.WriteLine("  (bound: a killed job is free again at most InvisibilityTimeout after its last keep-alive (ours) or its fetch (Hangfire), and only");
        Console.WriteLine("   a worker's queue poll finds it, since no enqueue wakes anyone: recovery <= timeout + poll; Hangfire's fixed timeout also counts from the fetch, not the kill)");
        Console.WriteLine();

        if (crashOnly)
        {
            return;
        }

        var otherP50 = Percentile(latency.Single(l => l is { Engine: "ours", Case: "other process, JobIntake" }).Ms, 0.5);
        var idleRate = idle.Ours / (double)idleSeconds;
        // A job never started again counts as missing the target by the whole deadline (NaN prints as such).
        var crashMultiple = crashCases[0].Any(c => double.IsNaN(c.Seconds)) ? double.NaN : crashCases[0].Max(c => c.Seconds) / invisibility;
        Console.WriteLine("targets (ours):");
        Console.WriteLine($"  other-instance wake-up p50 < 50 ms: {Verdict(otherP50, 50, lowerIsBetter: true, "ms")}");
        Console.WriteLine($"  idle <= 2 xact/s per instance:     {Verdict(idleRate, 2, lowerIsBetter: true, "xact/s")}");
        Console.WriteLine($"  crash recovery <= 2 × timeout (worst kill): {Verdict(crashMultiple, 2, lowerIsBetter: true, "×")}");
        Console.WriteLine($"load at end: {Load()}");
    }

    /// <summary>Enqueues one job at a time and waits for it to start; the first <paramref name="warmUp"/> are not kept.</summary>
    private static async Task<List<double>> LatencyAsync(
        int samples, int warmUp, string prefix, Func<string, Task<long>> enqueue, CancellationToken cancellationToken, int minGapMs = 100, int maxGapMs = 250)
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

            // A lone job finds every worker waiting: a worker that just finished fetches once more at once, and with
            // short gaps it found the next sample there (Hangfire's other-process p50 read 50 ms instead of seconds).
            // The gaps are random so samples keep no phase against the engines' poll timers.
            await Task.Delay(Random.Shared.Next(minGapMs, maxGapMs), cancellationToken);
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
                cancellationToken,
                TimeSpan.FromMilliseconds(20));
        }

        JobsProbeBoard.ResetDrain();
        await using var host = await JobsBenchHost.StartAsync(engine, connectionString, workers);
        await WaitForAsync(() => Task.FromResult(JobsProbeBoard.Runs >= jobs), TimeSpan.FromSeconds(180), $"{jobs} drained jobs", cancellationToken, TimeSpan.FromMilliseconds(20));
        return jobs / JobsProbeBoard.DrainSpan.TotalSeconds;
    }

    /// <summary>
    /// <paramref name="samples"/> child instances (1 worker each) each start a long job; a surviving instance starts here,
    /// and each child is SIGKILLed at a random age of its job (5–20 s), so the kills fall at random phases against the
    /// survivor's queue polls and the jobs' keep-alives. Returns per job the seconds from its kill to its start in the survivor.
    /// </summary>
    private static async Task<List<(double Seconds, double AgeAtKill)>> CrashAsync(
        JobsEngine engine, string connectionString, int invisibility, int samples, string[] settings, System.Collections.Concurrent.ConcurrentBag<JobsBenchHost> survivors, CancellationToken cancellationToken)
    {
        var doomed = new List<JobsInstanceProcess>();
        try
        {
            for (var i = 0; i < samples; i++)
            {
                doomed.Add(await JobsInstanceProcess.StartAsync(engine, connectionString, 1, elsewhere: false, invisibility, holdLongJobs: true, settings));
            }

            var ids = Enumerable.Range(0, samples).Select(i => $"long-{engine}-{Guid.NewGuid():N}").ToList();
            for (var i = 0; i < samples; i++)
            {
                await doomed[i].CallAsync($"{(engine == JobsEngine.Connector ? "keyed" : "create")} {ids[i]}", cancellationToken);
            }

            // One worker each, so each child ends up holding exactly one of the jobs, whichever instance enqueued it.
            await WaitForAsync(() => Task.FromResult(ids.All(id => doomed.Any(d => d.Started.ContainsKey(id)))), JobTimeout, "the long jobs in the doomed instances", cancellationToken, TimeSpan.FromMilliseconds(20));
            var again = ids.ToDictionary(id => id, JobsProbeBoard.WaitForStart, StringComparer.Ordinal);
            var survivorSettings = settings.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1], StringComparer.Ordinal);
            // Kept alive by the caller until every case is done: Hangfire's log provider is process-wide and points at
            // the logger factory of the host built last, so disposing one case's survivor while another runs made each
            // of the other's fetches throw ObjectDisposedException in PostgreSqlFetchedJob's constructor, after the
            // fetch had committed: its jobs were never started again (seen in 3 of 6 runs).
            var survivor = await JobsBenchHost.StartAsync(engine, connectionString, invisibility: TimeSpan.FromSeconds(invisibility), settings: survivorSettings);
            survivors.Add(survivor);
            var plan = ids.Select(id =>
            {
                var owner = doomed.Single(d => d.Started.ContainsKey(id));
                return (Id: id, Owner: owner, KillAt: owner.Started[id] + (long)(Stopwatch.Frequency * (5 + (Random.Shared.NextDouble() * 15))));
            }).OrderBy(p => p.KillAt).ToList();
            var killed = new Dictionary<string, (long At, double Age)>(StringComparer.Ordinal);
            foreach (var (id, owner, killAt) in plan)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), killAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                var at = owner.Kill();
                killed[id] = (at, Stopwatch.GetElapsedTime(owner.Started[id], at).TotalSeconds);
            }

            // One deadline for all: a job not started again by then is reported (NaN), with what the database says of it.
            var deadline = TimeSpan.FromSeconds((4 * invisibility) + 30);
            var results = new List<(double, double)>();
            foreach (var id in ids)
            {
                var left = deadline - Stopwatch.GetElapsedTime(killed[id].At);
                var done = await Task.WhenAny(again[id], Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken));
                results.Add((done == again[id] ? Stopwatch.GetElapsedTime(killed[id].At, again[id].Result).TotalSeconds : double.NaN, killed[id].Age));
            }

            if (results.Any(r => double.IsNaN(r.Item1)))
            {
                Console.WriteLine($"  {engine} {string.Join(' ', settings)}: {results.Count(r => double.IsNaN(r.Item1))} killed job(s) not started again within {deadline.TotalSeconds:F0} s of the kill; the database says:");
                await DumpJobStateAsync(connectionString, cancellationToken);
            }

            return results;
        }
        finally
        {
            foreach (var instance in doomed)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>Diagnosis of a job that did not come back: its queue row, states, locks and what the sessions are doing.</summary>
    private static async Task DumpJobStateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var sql in new[]
                 {
                     "SELECT 'queue ' || q.id || ' job ' || q.jobid || ' ' || q.queue || ' fetched ' || coalesce(to_char(now() - q.fetchedat, 'SS.MS') || ' s ago', 'never') || ' state ' || j.statename FROM hangfire.jobqueue q JOIN hangfire.job j ON j.id = q.jobid",
                     "SELECT 'states of ' || jobid || ': ' || string_agg(name || ' ' || to_char(createdat, 'HH24:MI:SS.MS'), ', ' ORDER BY id) FROM hangfire.state WHERE jobid IN (SELECT jobid FROM hangfire.jobqueue) GROUP BY jobid",
                     "SELECT 'lock ' || resource || ' acquired ' || acquired FROM hangfire.lock",
                     "SELECT 'server ' || id || ' heartbeat ' || to_char(now() - lastheartbeat, 'MI:SS') || ' ago' FROM hangfire.server",
                     "SELECT 'session ' || pid || ' ' || state || ' ' || coalesce(wait_event, '-') || ': ' || left(query, 100) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'",
                 })
        {
            await using var command = dataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Console.WriteLine("    " + reader.GetString(0));
            }
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


    private static string Verdict(double value, double target, bool lowerIsBetter, string unit)
    {
        var met = lowerIsBetter ? value <= target : value >= target;
        var margin = Math.Abs(target - value);
        return $"{(met ? "met" : "MISSED")} ({value:F2} {unit} vs {target} {unit}: {(met ? "by" : "short by")} {margin:F2} {unit}, {margin / target:P0})";
    }



}
