namespace Connector.Sandbox.Square;

/// <summary>
/// Queued faults, consumed first-in first-out by requests whose path starts with the filter (null matches all).
/// Delays are a separate queue so one request can be both delayed and failed.
/// </summary>
internal sealed class SquareFaults
{
    // Tests arm faults while requests are in flight; one lock makes "take one from the count" atomic.
    private readonly Lock _gate = new();
    private readonly List<Fault> _delays = [];
    private readonly List<Fault> _failures = [];

    public void Add(int count, TimeSpan? delay, int? failStatus, TimeSpan? retryAfter, string? pathFilter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var fault = new Fault { Remaining = count, Delay = delay, FailStatus = failStatus, RetryAfter = retryAfter, PathFilter = pathFilter };
        lock (_gate)
        {
            (delay is not null ? _delays : _failures).Add(fault);
        }
    }

    public (TimeSpan? Delay, int? FailStatus, TimeSpan? RetryAfter) Take(string path)
    {
        lock (_gate)
        {
            var delay = TakeFrom(_delays, path);
            var failure = TakeFrom(_failures, path);
            return (delay?.Delay, failure?.FailStatus, failure?.RetryAfter);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _delays.Clear();
            _failures.Clear();
        }
    }

    private static Fault? TakeFrom(List<Fault> faults, string path)
    {
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            if (fault.PathFilter is not null && !path.StartsWith("/" + fault.PathFilter.TrimStart('/'), StringComparison.Ordinal))
            {
                continue;
            }

            fault.Remaining--;
            if (fault.Remaining == 0)
            {
                faults.RemoveAt(i);
            }

            return fault;
        }

        return null;
    }

    private sealed class Fault
    {
        public int Remaining { get; set; }

        public TimeSpan? Delay { get; init; }

        public int? FailStatus { get; init; }

        public TimeSpan? RetryAfter { get; init; }

        public string? PathFilter { get; init; }
    }
}
