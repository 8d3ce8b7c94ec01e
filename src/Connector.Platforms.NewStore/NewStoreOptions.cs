namespace Connector.Platforms.NewStore;

/// <summary>NewStore settings, bound from <c>NewStore</c> (environment variables <c>NewStore__Tenant</c>, …).</summary>
public sealed class NewStoreOptions
{
    public const string SectionName = "NewStore";

    /// <summary>The full tenant name (<c>mycompany</c>, <c>mycompany-sandbox</c>); the platform runs when it is set.</summary>
    public string? Tenant { get; set; }

    /// <summary>REST and GraphQL host; default <c>https://{Tenant}.p.newstore.net</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Identity (Keycloak) host that issues client-credentials tokens.</summary>
    public string IdentityUrl { get; set; } = "https://id.p.newstore.net";

    /// <summary>API client id, created in NewStore Omnichannel Manager (Settings → Users &amp; Roles → API clients).</summary>
    public string? ClientId { get; set; }

    /// <summary>The API client's secret. Secret: never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The <c>api_key</c> of our event-stream integration; NewStore sends it as <c>Authorization: Bearer</c>. Secret: never logged.</summary>
    public string? EventStreamApiKey { get; set; }

    /// <summary>The public URL of our <c>POST /webhooks/newstore</c>, registered as the integration's callback.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The host to call: <see cref="BaseUrl"/> when set, otherwise the tenant's production host.</summary>
    public string ResolvedBaseUrl => string.IsNullOrWhiteSpace(BaseUrl) ? $"https://{Tenant}.p.newstore.net" : BaseUrl;

    public override string ToString() =>
        $"Tenant={Tenant}, BaseUrl={ResolvedBaseUrl}, IdentityUrl={IdentityUrl}, ClientId={ClientId}, ClientSecret={(string.IsNullOrEmpty(ClientSecret) ? "not set" : "set")}, EventStreamApiKey={(string.IsNullOrEmpty(EventStreamApiKey) ? "not set" : "set")}, WebhookUrl={WebhookUrl}";
}
