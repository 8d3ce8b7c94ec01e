using System.Collections.Concurrent;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// Real clock, but every timer fires at once and its requested delay is recorded: retry waits are asserted from what
/// the client asked for, without the test sleeping through them. The one exception is a timer of exactly
/// <paramref name="realTimer"/> (the attempt timeout, which runs on the same clock): it runs in real time and is not
/// recorded, so an attempt is not timed out the moment it starts.
/// </summary>
internal sealed class RecordingTimeProvider(TimeSpan? realTimer = null) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> delays = new();

    public IReadOnlyList<TimeSpan> Delays => [.. delays];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime != realTimer)
        {
            delays.Enqueue(dueTime);
            dueTime = TimeSpan.Zero;
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}
