namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// Settings of the NewStore client's resilience handlers and token cache, bound from <c>NewStore:Client</c> (all
/// optional). Both hosts (API and identity) use the same retry settings.
/// </summary>
public sealed class NewStoreClientOptions
{
    public const string SectionName = "Client";

    /// <summary>Time allowed for one attempt, answer body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call: every attempt and every back-off between them.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after the first attempt for 408/429/5xx, connection failures and timeouts (reads and token requests only).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on any single wait, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long before <c>expires_in</c> runs out a cached token is replaced (at most half its lifetime, for short
    /// TTLs). 60 s is more than one attempt (<see cref="Timeout"/>), so a token handed to a request is still valid when
    /// NewStore checks it; a token that expires anyway is caught by the 403 → refresh → retry once.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);
}
