using System.Collections.Concurrent;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// Real clock, but every timer fires at once and its requested delay is recorded: retry waits are asserted from what
/// the client asked for, without the test sleeping through them. The exceptions are timers of exactly one of
/// <paramref name="realTimers"/> (the attempt and total timeouts, which run on the same clock): they run in real time
/// and are not recorded, so a call is not timed out the moment it starts.
/// </summary>
internal sealed class RecordingTimeProvider(params TimeSpan[] realTimers) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> delays = new();

    public IReadOnlyList<TimeSpan> Delays => [.. delays];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && !realTimers.Contains(dueTime))
        {
            delays.Enqueue(dueTime);
            dueTime = TimeSpan.Zero;
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}
