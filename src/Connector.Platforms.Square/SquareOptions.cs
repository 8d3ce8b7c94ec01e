namespace Connector.Platforms.Square;

/// <summary>Square settings, bound from <c>Square</c> (environment variables <c>Square__AccessToken</c>, …).</summary>
public sealed class SquareOptions
{
    public const string SectionName = "Square";

    /// <summary>Square API host.</summary>
    public string BaseUrl { get; set; } = "https://connect.squareup.com";

    /// <summary>OAuth or personal access token, sent as <c>Authorization: Bearer</c>. Secret: never logged.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The webhook subscription's signature key. Secret: never logged.</summary>
    public string? WebhookSignatureKey { get; set; }

    /// <summary>The notification URL exactly as registered with Square; it is part of the signed content.</summary>
    public string? WebhookNotificationUrl { get; set; }

    /// <summary>The pinned <c>Square-Version</c> header.</summary>
    public string Version { get; set; } = "2025-08-20";

    /// <summary>How often the poller looks for orders and refunds it may have missed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Each poll reads again from its checkpoint minus this, so an order saved late in Square is not missed.</summary>
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far back the very first poll looks (older history: <c>backfill square --since</c>).</summary>
    public TimeSpan PollInitialLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a received webhook event stays in <c>intake.webhook_inbox</c>. An event whose work is still requested, queued,
    /// running or waiting for a retry is kept however old it is.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a refused delivery stays in <c>intake.webhook_rejection</c>.</summary>
    public TimeSpan RejectionRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows the hourly webhook retention deletes per statement; it repeats until nothing old is left.</summary>
    public int RetentionBatchSize { get; set; } = 1000;

    public override string ToString() =>
        $"BaseUrl={BaseUrl}, AccessToken={(string.IsNullOrEmpty(AccessToken) ? "not set" : "set")}, WebhookSignatureKey={(string.IsNullOrEmpty(WebhookSignatureKey) ? "not set" : "set")}, Version={Version}";
}
