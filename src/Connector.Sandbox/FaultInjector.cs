namespace Connector.Sandbox;

/// <summary>
/// Queued faults, consumed first-in first-out by matching requests, shared by the fakes. Delays are a separate queue
/// so a request can be both delayed and failed; failures and drops share one queue because a request gets at most
/// one answer. <paramref name="matches"/> says whether a request path matches a fault's path filter.
/// </summary>
internal sealed class FaultInjector(Func<string, string?, bool> matches)
{
    // Tests arm faults while requests are in flight; one lock makes "take one from the count" atomic.
    private readonly Lock _gate = new();
    private readonly List<Fault> _delays = [];
    private readonly List<Fault> _answers = [];

    public void Add(int count, TimeSpan? delay, int? failStatus, TimeSpan? retryAfter, bool drop, string? pathFilter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var fault = new Fault { Remaining = count, Delay = delay, FailStatus = failStatus, RetryAfter = retryAfter, Drop = drop, PathFilter = pathFilter };
        lock (_gate)
        {
            (delay is not null ? _delays : _answers).Add(fault);
        }
    }

    public FaultPlan Take(string path)
    {
        lock (_gate)
        {
            var delay = TakeFrom(_delays, path);
            var answer = TakeFrom(_answers, path);
            return new FaultPlan(delay?.Delay, answer?.FailStatus, answer?.RetryAfter, answer?.Drop ?? false);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _delays.Clear();
            _answers.Clear();
        }
    }

    private Fault? TakeFrom(List<Fault> faults, string path)
    {
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            if (!matches(path, fault.PathFilter))
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

        public bool Drop { get; init; }

        public string? PathFilter { get; init; }
    }
}
