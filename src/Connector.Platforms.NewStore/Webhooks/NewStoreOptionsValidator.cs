using Microsoft.Extensions.Options;

namespace Connector.Platforms.NewStore.Webhooks;

/// <summary>What the NewStore slice needs at start: the tenant its events must come from and the event-stream api key they carry.</summary>
internal sealed class NewStoreOptionsValidator : IValidateOptions<NewStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, NewStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Tenant))
        {
            failures.Add("NewStore:Tenant is required (the full tenant name, e.g. mycompany or mycompany-sandbox); events from any other tenant are refused.");
        }

        if (string.IsNullOrWhiteSpace(options.EventStreamApiKey))
        {
            failures.Add("NewStore:EventStreamApiKey is required to receive NewStore events (the callback api_key of the event-stream integration, sent as Authorization: Bearer).");
        }

        foreach (var (key, value) in new[] { ("BaseUrl", options.BaseUrl), ("IdentityUrl", options.IdentityUrl), ("WebhookUrl", options.WebhookUrl) })
        {
            if (!string.IsNullOrWhiteSpace(value) && (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            {
                failures.Add($"NewStore:{key} must be an absolute http(s) URL, not '{value}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
