namespace Connector.Jobs.Tests.Engine;

/// <summary>
/// What the gated recurring probe did, shared by every host of a test (register one instance in each), so runs on
/// two instances are counted together: runs, how many ran at once at most, and a gate that holds every run.
/// </summary>
public sealed class RecurringProbe
{
    private int _runs;
    private int _running;
    private int _maxRunning;

    /// <summary>Runs wait here until it is released.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a run has started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Runs => Volatile.Read(ref _runs);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    internal async Task RunAsync()
    {
        Interlocked.Increment(ref _runs);
        var running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }

        try
        {
            Started.TrySetResult();
            await Gate.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
