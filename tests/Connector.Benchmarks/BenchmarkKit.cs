using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Connector.Benchmarks;

/// <summary>What every suite does the same way: read its arguments, print the load beside its figures, wait, rank.</summary>
internal static class BenchmarkKit
{
    /// <summary>How long each mapping figure is measured for, after a one-second warm-up.</summary>
    public static readonly TimeSpan MappingWindow = TimeSpan.FromSeconds(2);

    /// <summary>The integer argument at <paramref name="index"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    /// <summary>The 1, 5 and 15 minute load averages: the machine is shared, so the figures are read next to them.</summary>
    public static string Load()
    {
        var parts = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : [];
        return parts.Length >= 3 ? $"{parts[0]}/{parts[1]}/{parts[2]}" : "n/a";
    }

    /// <summary>The folder holding Connector.sln, above the running benchmark.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connector.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–1) of <paramref name="samples"/>.</summary>
    public static double Percentile(IEnumerable<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Polls <paramref name="condition"/> every <paramref name="poll"/> (50 ms) until it holds; a timeout names <paramref name="what"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}.");
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>Calls <paramref name="map"/> round-robin over the cases for a warm-up second, then counts calls in <see cref="MappingWindow"/>.</summary>
    public static (long Calls, double Seconds) Loop(int cases, Func<int, int> map)
    {
        var sink = 0;
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.Elapsed < TimeSpan.FromSeconds(1); i++)
        {
            sink += map(i % cases);
        }

        var calls = 0L;
        var window = Stopwatch.StartNew();
        while (window.Elapsed < MappingWindow)
        {
            // Check the clock once per round over all cases, not per call.
            for (var i = 0; i < cases; i++)
            {
                sink += map(i);
            }

            calls += cases;
        }

        window.Stop();
        GC.KeepAlive(sink);
        return (calls, window.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Sends <paramref name="count"/> webhook deliveries (<paramref name="delivery"/> builds the i-th) once each from
    /// <paramref name="senders"/> concurrent loops; each latency is from send to the 2xx status.
    /// </summary>
    public static async Task<(List<double> Latencies, double PerSecond)> DeliverAsync(
        HttpClient http, int count, Func<int, HttpRequestMessage> delivery, int senders, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(
            async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    using var request = delivery(i);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request, cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    await EnsureAcceptedAsync(response, cancellationToken);
                    latencies.Add(elapsed);
                }
            },
            cancellationToken)));
        stopwatch.Stop();
        return ([.. latencies], count / stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Starts one delivery every 1/<paramref name="rate"/> s on a fixed schedule, never waiting for answers; each latency
    /// is from the scheduled start to the 2xx status, so time a send spent waiting to be started counts too.
    /// </summary>
    public static async Task<(List<double> Latencies, double PerSecond)> DeliverAtRateAsync(
        HttpClient http, int count, Func<int, HttpRequestMessage> delivery, int rate, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var sends = new List<Task>(count);
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var scheduled = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            var index = i;
            sends.Add(Task.Run(
                async () =>
                {
                    using var request = delivery(index);
                    using var response = await http.SendAsync(request, cancellationToken);
                    latencies[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
                    await EnsureAcceptedAsync(response, cancellationToken);
                },
                cancellationToken));
        }

        await Task.WhenAll(sends);
        return ([.. latencies], count / Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static async Task EnsureAcceptedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
