namespace Connector.Platforms.Square.Client;

/// <summary>
/// Settings of the Square client's resilience handler (retry and attempt timeout, see <c>RemoteResilience</c>), bound
/// from <c>Square:Client</c> (all optional). The defaults follow Square's own SDK (30 s timeout, exponential back-off
/// with jitter capped at 60 s) with one retry more.
/// </summary>
public sealed class SquareClientOptions
{
    public const string SectionName = "Client";

    /// <summary>Time allowed for one attempt, answer body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call: every attempt and every back-off between them.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after the first attempt for 408/429/5xx, connection failures and timeouts.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on any single wait, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);
}
