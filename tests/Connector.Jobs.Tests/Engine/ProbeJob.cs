using System.Collections.Concurrent;
using System.ComponentModel;

namespace Connector.Jobs.Tests.Engine;

/// <summary>What the probe jobs of one host do and did: runs per id, an optional gate, and a scripted outcome per run.</summary>
public sealed class ProbeScript
{
    private readonly ConcurrentDictionary<string, int> _runs = new();
    private readonly ConcurrentDictionary<string, int> _running = new();
    private readonly ConcurrentDictionary<string, int> _maxRunning = new();

    /// <summary>Runs wait here until it is released (set before the first run to hold the worker).</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a gated run has started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ids whose runs wait on <see cref="Gate"/>.</summary>
    public HashSet<string> Gated { get; } = [];

    /// <summary>What the n-th run (1-based) of an id throws, if anything.</summary>
    public Func<string, int, Exception?> Outcome { get; set; } = (_, _) => null;

    /// <summary>How long each run takes (after the gate), so runs of two instances get a chance to overlap.</summary>
    public TimeSpan RunTime { get; set; } = TimeSpan.Zero;

    public int Runs(string id) => _runs.GetValueOrDefault(id);

    /// <summary>The most runs of <paramref name="id"/> that were inside <see cref="RunAsync"/> at the same time.</summary>
    public int MaxRunning(string id) => _maxRunning.GetValueOrDefault(id);

    internal async Task RunAsync(string id)
    {
        var run = _runs.AddOrUpdate(id, 1, (_, n) => n + 1);
        var running = _running.AddOrUpdate(id, 1, (_, n) => n + 1);
        _maxRunning.AddOrUpdate(id, running, (_, max) => Math.Max(max, running));
        try
        {
            if (Gated.Contains(id))
            {
                Started.TrySetResult();
                await Gate.Task;
            }

            if (RunTime > TimeSpan.Zero)
            {
                await Task.Delay(RunTime);
            }
        }
        finally
        {
            _running.AddOrUpdate(id, 0, (_, n) => n - 1);
        }

        if (Outcome(id, run) is { } error)
        {
            throw error;
        }
    }
}

/// <summary>A keyed job for the engine tests.</summary>
public sealed class ProbeJob(ProbeScript script) : IKeyedJob
{
    [DisplayName("Probe {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) => script.RunAsync(id);
}

/// <summary>The class a job was stored as before an upgrade renamed it.</summary>
public sealed class OldNameJob(ProbeScript script) : IKeyedJob
{
    public Task RunAsync(string id, CancellationToken cancellationToken) => script.RunAsync("old:" + id);
}

/// <summary>The same job after the upgrade: a new class name, the same stored name.</summary>
public sealed class RenamedJob(ProbeScript script) : IKeyedJob
{
    public Task RunAsync(string id, CancellationToken cancellationToken) => script.RunAsync("renamed:" + id);
}
