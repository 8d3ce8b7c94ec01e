using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using Connector.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Benchmarks;

/// <summary>Which job layer an instance runs: the connector's (Hangfire + its extensions) or Hangfire.PostgreSql with its defaults.</summary>
internal enum JobsEngine
{
    Connector,
    HangfireDefaults,
}

/// <summary>
/// Where the benchmark's jobs report that they started. Timestamps are <see cref="Stopwatch.GetTimestamp"/>, which on
/// Linux is CLOCK_MONOTONIC and so comparable between this process and a child instance on the same machine.
/// </summary>
internal static class JobsProbeBoard
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<long>> Waiters = new(StringComparer.Ordinal);
    private static long _runs;
    private static long _firstStart;
    private static long _lastEnd;

    /// <summary>Set in a child that should hold its long job until it is killed (the crash case).</summary>
    public static bool HoldLongJobs { get; set; }

    /// <summary>Called in a child on every start, to tell the parent over stdout.</summary>
    public static Action<string, long>? OnStarted { get; set; }

    public static long Runs => Interlocked.Read(ref _runs);

    /// <summary>From the first start to the last end since <see cref="ResetDrain"/>.</summary>
    public static TimeSpan DrainSpan => Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstStart), Interlocked.Read(ref _lastEnd));

    public static Task<long> WaitForStart(string id) =>
        Waiters.GetOrAdd(id, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void ResetDrain()
    {
        Interlocked.Exchange(ref _runs, 0);
        Interlocked.Exchange(ref _firstStart, 0);
        Interlocked.Exchange(ref _lastEnd, 0);
    }

    public static async Task RunAsync(string id)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstStart, now, 0);
        if (Waiters.TryGetValue(id, out var waiter))
        {
            waiter.TrySetResult(now);
        }

        OnStarted?.Invoke(id, now);
        if (HoldLongJobs && id.StartsWith("long", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite);
        }

        Interlocked.Increment(ref _runs);
        Interlocked.Exchange(ref _lastEnd, Stopwatch.GetTimestamp());
    }
}

/// <summary>The keyed no-op job, requested through <see cref="JobIntake"/> as the webhooks do.</summary>
public sealed class BenchKeyedJob : IKeyedJob
{
    [DisplayName("Bench {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) => JobsProbeBoard.RunAsync(id);
}

/// <summary>The plain no-op job, created with <see cref="IBackgroundJobClientV2.Create"/> (both engines).</summary>
public sealed class BenchPlainJob
{
    public Task RunAsync(string id) => JobsProbeBoard.RunAsync(id);
}

/// <summary>One job server instance of either engine on a database, in this process.</summary>
internal sealed class JobsBenchHost : IAsyncDisposable
{
    public const string KeyedKind = "bench:noop";
    public const string PlainName = "bench:plain";

    /// <summary>The connector's benchmark jobs' queue.</summary>
    public const string ConnectorQueue = "bench";

    /// <summary>A queue no job is put on: a second instance works only this, so it never takes the measured jobs itself.</summary>
    public const string ElsewhereQueue = "elsewhere";

    private JobsBenchHost(JobsEngine engine, IHost host)
    {
        Engine = engine;
        Host = host;
    }

    public JobsEngine Engine { get; }

    public IHost Host { get; }

    /// <summary>The queue the measured jobs go to: Hangfire's <c>default</c> (what its default server works), ours <c>bench</c>.</summary>
    public string Queue => Engine == JobsEngine.Connector ? ConnectorQueue : EnqueuedState.DefaultQueue;

    /// <summary>
    /// Builds (and unless told otherwise starts) an instance. <paramref name="workers"/> null keeps the engine's
    /// default (ours 8, Hangfire min(5 × cores, 20)); <paramref name="elsewhere"/> makes it work only a queue no job
    /// uses; <paramref name="invisibility"/> null keeps the default (ours 5 min sliding, Hangfire 30 min fixed).
    /// <paramref name="settings"/> are extra <c>Jobs:*</c> keys for ours (e.g. <c>Jobs:QueuePollInterval</c>).
    /// </summary>
    public static async Task<JobsBenchHost> StartAsync(
        JobsEngine engine, string connectionString, int? workers = null, bool elsewhere = false, TimeSpan? invisibility = null,
        IReadOnlyDictionary<string, string?>? settings = null, bool start = true)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("BENCH_JOBS_LOG") is { } level)
        {
            // Diagnosis only: the instances' logs on stderr (stdout is the child's protocol).
            builder.Logging.AddSimpleConsole().AddFilter(null, Enum.Parse<LogLevel>(level));
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        if (engine == JobsEngine.Connector)
        {
            var config = new Dictionary<string, string?> { ["Jobs:ShutdownTimeout"] = "00:00:02" };
            if (workers is { } w)
            {
                config["Jobs:WorkerCount"] = w.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (elsewhere)
            {
                config["Jobs:Queues:0"] = ElsewhereQueue;
            }

            if (invisibility is { } timeout)
            {
                config["Jobs:InvisibilityTimeout"] = timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                config[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(config);
            var dataSource = NpgsqlDataSource.Create(connectionString);
            builder.Services.AddSingleton(dataSource);
            builder.Services.AddConnectorJobs(builder.Configuration, connectionString);
            builder.Services.AddKeyedJob<BenchKeyedJob>(KeyedKind, ConnectorQueue);
            builder.Services.AddJob<BenchPlainJob>(PlainName, ConnectorQueue);
            await JobsSchema.MigrateAsync(dataSource);
        }
        else
        {
            // Hangfire.PostgreSql as its README sets it up; only the invisibility timeout (the crash case) and the
            // worker count and queues (where the case needs them) are changed.
            var storageOptions = new PostgreSqlStorageOptions();
            if (invisibility is { } timeout)
            {
                storageOptions.InvisibilityTimeout = timeout;
            }

            builder.Services.AddHangfire(c => c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), storageOptions));
            builder.Services.AddHangfireServer(o =>
            {
                if (workers is { } w)
                {
                    o.WorkerCount = w;
                }

                if (elsewhere)
                {
                    o.Queues = [ElsewhereQueue];
                }
            });
        }

        var host = builder.Build();
        if (start)
        {
            await host.StartAsync();
        }

        return new JobsBenchHost(engine, host);
    }

    /// <summary>Requests the keyed job for <paramref name="id"/> through the intake (ours only); returns the timestamp taken just before.</summary>
    public async Task<long> RequestKeyedAsync(string id, CancellationToken cancellationToken)
    {
        var intake = Host.Services.GetRequiredService<JobIntake>();
        var started = Stopwatch.GetTimestamp();
        await intake.RequestAsync(new KeyedWork(KeyedKind, id), cancellationToken);
        return started;
    }

    /// <summary>Requests many keyed jobs in one statement (ours only), to queue a drain.</summary>
    public Task<int> RequestKeyedBatchAsync(IEnumerable<string> ids, CancellationToken cancellationToken) =>
        Host.Services.GetRequiredService<JobIntake>().RequestAsync([.. ids.Select(id => new KeyedWork(KeyedKind, id))], cancellationToken);

    /// <summary>Creates the plain job for <paramref name="id"/> with Hangfire's client; returns the timestamp taken just before.</summary>
    public long Create(string id)
    {
        var client = Host.Services.GetRequiredService<IBackgroundJobClientV2>();
        var started = Stopwatch.GetTimestamp();
        client.Create(Job.FromExpression<BenchPlainJob>(j => j.RunAsync(id)), new EnqueuedState(Queue));
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await Host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A worker still in a long job; the process goes on without it.
        }

        Host.Dispose();
    }
}
