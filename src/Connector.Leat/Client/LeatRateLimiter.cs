using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Connector.Leat.Client;

/// <summary>
/// The process-wide throttle on calls to Leat (a DI singleton shared by every <see cref="LeatClient"/> instance).
/// Leat publishes no limit; requests are spaced at least 1/<see cref="LeatOptions.RequestsPerSecond"/> apart
/// (a bucket of one token) so a backlog drains at the configured rate instead of in bursts.
/// </summary>
public sealed class LeatRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter limiter;

    public LeatRateLimiter(IOptions<LeatOptions> options)
    {
        var perSecond = Math.Max(1, options.Value.RequestsPerSecond);
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond),
            AutoReplenishment = true,
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Waits for a permit; the caller's token (including a per-attempt timeout) cancels the wait.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new LeatApiException(
                null, null, "The client-side Leat rate limiter queue is full.", isTransient: true, mayHaveTakenEffect: false);
        }

        return lease;
    }

    public void Dispose() => limiter.Dispose();
}
