using Microsoft.Extensions.Options;

namespace Connector.Platforms.CommerceLayer.Client;

/// <summary>
/// Settings of the Commerce Layer client, bound from <c>CommerceLayer:Client</c> (all optional). The pace keeps under
/// Commerce Layer's live limits for uncacheable reads and writes (200 per minute, 50 per 10 s per endpoint): a token
/// bucket of <see cref="Burst"/> refilled at <see cref="RequestsPerMinute"/> sends at most Burst + RequestsPerMinute/6
/// in any 10 s and Burst + RequestsPerMinute in any minute (45 and 195 with the defaults).
/// </summary>
public sealed class CommerceLayerClientOptions
{
    public const string SectionName = "Client";

    /// <summary>Time allowed for one attempt, answer body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call: limiter wait, every attempt and every back-off.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after the first attempt for 408/429/5xx, lost connections and timeouts (reads and token requests only).</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on any single wait, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A cached token is replaced this long before it expires (at most half its lifetime); Commerce Layer's own SDK uses 600 s.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// Least time between two token requests. The token endpoint allows 30 per minute per IP; with one token cached for
    /// hours the connector asks a handful a day, and this guard keeps a fault (a token refused again and again) from
    /// ever coming near the limit.
    /// </summary>
    public TimeSpan TokenMinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Average pace of API calls.</summary>
    public int RequestsPerMinute { get; set; } = 180;

    /// <summary>Calls that may go at once after a quiet spell.</summary>
    public int Burst { get; set; } = 15;
}

/// <summary>Refuses settings the client cannot work with, naming the key.</summary>
internal sealed class CommerceLayerClientOptionsValidator : IValidateOptions<CommerceLayerClientOptions>, IValidateOptions<CommerceLayerOptions>
{
    public ValidateOptionsResult Validate(string? name, CommerceLayerClientOptions options)
    {
        var errors = new List<string>();
        const string at = "CommerceLayer:Client:";
        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{at}Timeout must be positive.");
        }

        if (options.TotalTimeout < options.Timeout)
        {
            errors.Add($"{at}TotalTimeout ({options.TotalTimeout}) must be at least {at}Timeout ({options.Timeout}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{at}MaxRetries must be between 0 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{at}RetryBaseDelay must be positive and {at}RetryMaxDelay at least as long.");
        }

        if (options.TokenRefreshMargin < TimeSpan.Zero)
        {
            errors.Add($"{at}TokenRefreshMargin must not be negative.");
        }

        if (options.TokenMinInterval < TimeSpan.FromSeconds(2))
        {
            errors.Add($"{at}TokenMinInterval must be at least 00:00:02 (the token endpoint allows 30 requests a minute).");
        }

        if (options.RequestsPerMinute is < 1 or > 200)
        {
            errors.Add($"{at}RequestsPerMinute must be between 1 and 200 (Commerce Layer's live limit for orders and returns).");
        }

        if (options.Burst is < 1 or > 50 || options.Burst + (options.RequestsPerMinute / 6) > 50)
        {
            errors.Add($"{at}Burst must be at least 1 and Burst + RequestsPerMinute/6 at most 50 (Commerce Layer's 10-second limit).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, CommerceLayerOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            return ValidateOptionsResult.Success; // the platform is off
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            errors.Add("CommerceLayer:ClientSecret must be set with CommerceLayer:ClientId (integration API credentials).");
        }

        if (string.IsNullOrWhiteSpace(options.BaseUrl) && string.IsNullOrWhiteSpace(options.OrganizationSlug))
        {
            errors.Add("CommerceLayer:OrganizationSlug (or CommerceLayer:BaseUrl) must be set.");
        }

        foreach (var (key, value) in new[] { ("CommerceLayer:BaseUrl", options.ResolvedBaseUrl), ("CommerceLayer:AuthUrl", options.AuthUrl) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                errors.Add($"{key} must be an absolute http(s) URL, not '{value}'.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
