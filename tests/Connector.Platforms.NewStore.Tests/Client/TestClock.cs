using System.Collections.Concurrent;

namespace Connector.Platforms.NewStore.Tests.Client;

/// <summary>
/// A clock whose "now" the test moves (<see cref="Advance"/>) and whose timers fire at once with their requested delay
/// recorded, so retry waits and poll intervals are asserted without sleeping. The exceptions are timers of exactly one
/// of <paramref name="realTimers"/> (the attempt and total timeouts, on the same clock): they run in real time and are
/// not recorded.
/// </summary>
internal sealed class TestClock(params TimeSpan[] realTimers) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentQueue<TimeSpan> delays = new();
    private long offsetTicks;

    public IReadOnlyList<TimeSpan> Delays => [.. delays];

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

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
