namespace Connector.Leat;

/// <summary>Configuration section <c>Leat</c>. Validated at start by <c>LeatOptionsValidator</c>.</summary>
public sealed class LeatOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Leat";

    /// <summary>Leat host without the API path; <c>/api/v3/oauth/clients/</c> is appended. The PHP SDK uses api.piggy.nl, which also works.</summary>
    public string BaseUrl { get; set; } = "https://api.piggy.eu";

    /// <summary>Personal access token, sent as <c>Authorization: Bearer</c>. Secret: never logged, never printed by <see cref="ToString"/>.</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// Client-side throttle per process (a token bucket of this many, refilled at this rate per second); Leat publishes
    /// no limit, its own Magento module uses 5/s.
    /// </summary>
    public int RequestsPerSecond { get; set; } = 5;

    /// <summary>Per attempt, from sending to the whole answer read; the wait for the rate limiter is not counted.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call: the wait for the rate limiter, every attempt and every back-off between them.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>True when the host runs against the local Leat fake instead of a real account.</summary>
    public bool SandboxMode { get; set; }

    /// <summary>Retries of idempotent GETs on transient errors (POSTs are never retried by the client).</summary>
    public int GetRetries { get; set; } = 2;

    /// <summary>First back-off of a GET retry; doubles per attempt, with jitter.</summary>
    public TimeSpan GetRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap on any GET retry delay, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan GetRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Log request and response bodies at Debug level (bodies contain customer e-mails; off by default).</summary>
    public bool LogBodies { get; set; }

    /// <summary>Everything except the token, which shows only as set / not set.</summary>
    public override string ToString() =>
        $"BaseUrl={BaseUrl}, ApiToken={(string.IsNullOrEmpty(ApiToken) ? "(not set)" : "(set)")}, RequestsPerSecond={RequestsPerSecond}, Timeout={Timeout}, TotalTimeout={TotalTimeout}, SandboxMode={SandboxMode}, GetRetries={GetRetries}";
}
