using System.Net.Http.Headers;

namespace Connector.Http;

/// <summary>
/// Reads an HTTP <c>Retry-After</c> header as a delay. Compiled into each project with an HTTP client (linked
/// source, internal), so the clients stay independent of each other.
/// </summary>
internal static class RetryAfter
{
    /// <summary>Delta seconds, or an HTTP date relative to <paramref name="now"/>; never negative; null when absent.</summary>
    public static TimeSpan? ToDelay(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
