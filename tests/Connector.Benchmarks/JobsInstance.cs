using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Threading.Channels;

namespace Connector.Benchmarks;

/// <summary>
/// "Another instance" of the jobs benchmark: a child process hosting one job server of either engine on the same
/// database, driven over stdin/stdout (one command line, one answer line). Jobs it starts are reported unprompted as
/// <c>started &lt;id&gt; &lt;timestamp&gt;</c> lines. It must be a process of its own: Hangfire.PostgreSql wakes a
/// process's workers through a process-wide registry, so only a second process shows what crosses instances.
/// </summary>
internal static class JobsInstance
{
    public const string Verb = "jobs-instance";

    /// <summary>Args: engine, connection string, workers (0 = default), elsewhere (true/false), invisibility s (0 = default), hold long jobs, extra Jobs:* key=value pairs.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var engine = Enum.Parse<JobsEngine>(args[0]);
        var workers = int.Parse(args[2], CultureInfo.InvariantCulture);
        var invisibility = int.Parse(args[4], CultureInfo.InvariantCulture);
        JobsProbeBoard.HoldLongJobs = bool.Parse(args[5]);
        var settings = args.Skip(6).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1], StringComparer.Ordinal);
        var output = Console.Out;
        var gate = new object();
        void Say(string line)
        {
            lock (gate)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        JobsProbeBoard.OnStarted = (id, at) => Say($"started {id} {at.ToString(CultureInfo.InvariantCulture)}");
        await using var host = await JobsBenchHost.StartAsync(
            engine, args[1], workers > 0 ? workers : null, bool.Parse(args[3]), invisibility > 0 ? TimeSpan.FromSeconds(invisibility) : null, settings);
        Say("ready");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ');
            string answer;
            switch (words[0])
            {
                case "keyed":
                    answer = (await host.RequestKeyedAsync(words[1], CancellationToken.None)).ToString(CultureInfo.InvariantCulture);
                    break;
                case "create":
                    answer = host.Create(words[1]).ToString(CultureInfo.InvariantCulture);
                    break;
                case "keyedbatch":
                    answer = (await host.RequestKeyedBatchAsync(Ids(words), CancellationToken.None)).ToString(CultureInfo.InvariantCulture);
                    break;
                case "createbatch":
                    // Four callers, as webhooks would create jobs concurrently; the drain is what is measured.
                    var ids = Ids(words).ToList();
                    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (id, _) =>
                    {
                        host.Create(id);
                        return ValueTask.CompletedTask;
                    });
                    answer = ids.Count.ToString(CultureInfo.InvariantCulture);
                    break;
                case "quit":
                    return 0;
                default:
                    answer = "error unknown command " + words[0];
                    break;
            }

            Say("answer " + answer);
        }

        return 0;
    }

    private static IEnumerable<string> Ids(string[] words) =>
        Enumerable.Range(0, int.Parse(words[2], CultureInfo.InvariantCulture)).Select(i => $"{words[1]}-{i}");
}

/// <summary>The parent's side of a <see cref="JobsInstance"/> child.</summary>
internal sealed class JobsInstanceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _answers = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Task _reader;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JobsInstanceProcess(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Jobs the child started: id → timestamp.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, long> Started { get; } = new(StringComparer.Ordinal);

    public static async Task<JobsInstanceProcess> StartAsync(
        JobsEngine engine, string connectionString, int workers, bool elsewhere, int invisibilitySeconds, bool holdLongJobs,
        IEnumerable<string>? settings = null)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start an instance with.");
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        if (Path.GetFileName(host) is "dotnet" or "dotnet.exe")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        foreach (var arg in new[]
                 {
                     JobsInstance.Verb, engine.ToString(), connectionString, workers.ToString(CultureInfo.InvariantCulture),
                     elsewhere.ToString(), invisibilitySeconds.ToString(CultureInfo.InvariantCulture), holdLongJobs.ToString(),
                 }.Concat(settings ?? []))
        {
            start.ArgumentList.Add(arg);
        }

        // An instance of a service, not a benchmark driver: the GC a small service would run, on one core.
        start.Environment["DOTNET_gcServer"] = "0";
        var child = new JobsInstanceProcess(Process.Start(start) ?? throw new InvalidOperationException("The instance did not start."));
        await child._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return child;
    }

    public int ProcessId => _process.Id;

    public async Task<string> CallAsync(string command, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync(cancellationToken);
            return await _answers.Reader.ReadAsync(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>SIGKILL: what a crash, an OOM kill or a pulled plug does to the instance.</summary>
    public long Kill()
    {
        _process.Kill();
        var at = Stopwatch.GetTimestamp();
        _process.WaitForExit();
        return at;
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "ready")
            {
                _ready.TrySetResult();
            }
            else if (line.StartsWith("started ", StringComparison.Ordinal))
            {
                var words = line.Split(' ');
                Started[words[1]] = long.Parse(words[2], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("answer ", StringComparison.Ordinal))
            {
                await _answers.Writer.WriteAsync(line["answer ".Length..]);
            }
        }

        _ready.TrySetException(new InvalidOperationException("The instance exited before it was ready."));
        _answers.Writer.TryComplete(new InvalidOperationException("The instance exited."));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _reader;
        _process.Dispose();
        _turn.Dispose();
    }
}
