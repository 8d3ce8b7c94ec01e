using Microsoft.Extensions.Options;

namespace Connector.Leat.Client;

/// <summary>
/// The process-wide throttle on calls to Leat (a DI singleton shared by every <see cref="LeatClient"/> instance).
/// Leat publishes no limit; requests are spaced at least 1/<see cref="LeatOptions.RequestsPerSecond"/> apart so a
/// backlog drains at the configured rate instead of in bursts.
/// </summary>
/// <remarks>
/// Each caller reserves the next free slot on a virtual schedule and waits only if that slot lies in the future.
/// A timer-replenished token bucket was measured to hold requests for 2–5 ms even when the bucket should
/// already have refilled (timer granularity), which is more than the dispatcher's whole budget per call.
/// </remarks>
public sealed class LeatRateLimiter(IOptions<LeatOptions> options, TimeProvider clock)
{
    /// <summary>A caller that would wait longer than this is refused (transient) rather than queued for ever.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private readonly TimeSpan _interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Math.Max(1, options.Value.RequestsPerSecond));
    private readonly Lock _gate = new();
    private DateTimeOffset _nextFree = DateTimeOffset.MinValue;

    /// <summary>Waits for this caller's slot; the caller's token (including a per-attempt timeout) cancels the wait.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset slot;
        lock (_gate)
        {
            slot = _nextFree > now ? _nextFree : now;
            if (slot - now > MaxWait)
            {
                throw new LeatApiException(
                    null, null, $"The client-side Leat rate limiter has more than {MaxWait.TotalMinutes:0} minutes of requests queued.", isTransient: true, mayHaveTakenEffect: false);
            }

            _nextFree = slot + _interval;
        }

        if (slot > now)
        {
            await Task.Delay(slot - now, clock, cancellationToken);
        }
    }
}
