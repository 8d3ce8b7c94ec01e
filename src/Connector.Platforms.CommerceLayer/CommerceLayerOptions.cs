namespace Connector.Platforms.CommerceLayer;

/// <summary>
/// Commerce Layer settings, bound from <c>CommerceLayer</c> (environment variables <c>CommerceLayer__ClientId</c>, …).
/// The platform runs when <see cref="ClientId"/> is set.
/// </summary>
public sealed class CommerceLayerOptions
{
    public const string SectionName = "CommerceLayer";

    /// <summary>The organization's slug (<c>acme</c> in <c>https://acme.commercelayer.io</c>).</summary>
    public string? OrganizationSlug { get; set; }

    /// <summary>Core API host; default <c>https://{OrganizationSlug}.commercelayer.io</c> (the API lives under <c>/api</c>).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The host that issues client-credentials tokens at <c>/oauth/token</c>.</summary>
    public string AuthUrl { get; set; } = "https://auth.commercelayer.io";

    /// <summary>The client id of <b>integration</b> API credentials (sales-channel tokens cannot list orders or returns).</summary>
    public string? ClientId { get; set; }

    /// <summary>The integration credentials' client secret. Secret: never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The <c>shared_secret</c> Commerce Layer generated for our webhooks (printed once by <c>commercelayer register</c>);
    /// every delivery is signed with it. Secret: never logged.
    /// </summary>
    public string? WebhookSharedSecret { get; set; }

    /// <summary>The public URL of our <c>POST /webhooks/commercelayer</c>, used as <c>callback_url</c> by <c>commercelayer register</c>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>How often the poller looks for orders and returns it may have missed (the only way to see a cancelled return).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Each poll reads again from its checkpoint minus this, so an object saved late in Commerce Layer is not missed.</summary>
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far back the very first poll looks (older history: <c>backfill commercelayer --since</c>).</summary>
    public TimeSpan PollInitialLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The host to call: <see cref="BaseUrl"/> when set, otherwise the organization's own host.</summary>
    public string ResolvedBaseUrl => string.IsNullOrWhiteSpace(BaseUrl) ? $"https://{OrganizationSlug}.commercelayer.io" : BaseUrl;

    public override string ToString() =>
        $"OrganizationSlug={OrganizationSlug}, BaseUrl={ResolvedBaseUrl}, AuthUrl={AuthUrl}, ClientId={ClientId}, ClientSecret={(string.IsNullOrEmpty(ClientSecret) ? "not set" : "set")}, WebhookSharedSecret={(string.IsNullOrEmpty(WebhookSharedSecret) ? "not set" : "set")}, WebhookUrl={WebhookUrl}";
}
