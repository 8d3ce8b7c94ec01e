namespace Connector.Jobs.Engine;

/// <summary>
/// Exponential back-off with full jitter and a cap: the delay after attempt n is uniform in
/// [base, min(cap, base·2^(n−1))]. Jitter spreads a burst of failures (e.g. Leat down for everyone) so the retries do
/// not arrive together; the floor keeps a flapping dependency from being hit again at once.
/// </summary>
internal static class RetryPolicy
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var ceiling = Ceiling(attempt, baseDelay, maxDelay);
        var floor = baseDelay < ceiling ? baseDelay : ceiling;
        return floor + ((ceiling - floor) * random.NextDouble());
    }

    public static TimeSpan Ceiling(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
