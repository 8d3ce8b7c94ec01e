using System.Diagnostics;
using System.Globalization;

namespace Connector.Benchmarks;

/// <summary>What every suite does the same way: read its arguments, print the load beside its figures, wait, rank.</summary>
internal static class BenchmarkKit
{
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
}
