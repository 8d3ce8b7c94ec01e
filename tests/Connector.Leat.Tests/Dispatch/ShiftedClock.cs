namespace Connector.Leat.Tests.Dispatch;

/// <summary>
/// The system clock moved forward on demand. Only "now" is shifted: timers and delays stay real, so the Leat
/// client's rate limiter and the heartbeat's timer keep working while a test jumps past a timeout.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
