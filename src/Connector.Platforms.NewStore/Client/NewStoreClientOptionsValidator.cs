using Microsoft.Extensions.Options;

namespace Connector.Platforms.NewStore.Client;

/// <summary>Stops the service at start, naming the key, when the settings the NewStore client uses cannot work. Secrets are never echoed.</summary>
public sealed class NewStoreClientOptionsValidator : IValidateOptions<NewStoreOptions>, IValidateOptions<NewStoreClientOptions>
{
    public ValidateOptionsResult Validate(string? name, NewStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Tenant) || options.Tenant.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#'))
        {
            failures.Add($"NewStore:Tenant must be the full tenant name (mycompany, mycompany-sandbox), got '{options.Tenant}'.");
        }

        if (!IsHttpUrl(options.ResolvedBaseUrl))
        {
            failures.Add($"NewStore:BaseUrl must be an absolute http(s) URL, got '{options.BaseUrl}'.");
        }

        if (!IsHttpUrl(options.IdentityUrl))
        {
            failures.Add($"NewStore:IdentityUrl must be an absolute http(s) URL, got '{options.IdentityUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("NewStore:ClientId is not set (an API client created in NewStore Omnichannel Manager).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret) || options.ClientSecret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("NewStore:ClientSecret must be set and contain no whitespace (the value is not shown).");
        }

        if (!string.IsNullOrEmpty(options.WebhookUrl) && !IsHttpUrl(options.WebhookUrl))
        {
            failures.Add($"NewStore:WebhookUrl must be an absolute http(s) URL, got '{options.WebhookUrl}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, NewStoreClientOptions options)
    {
        var failures = new List<string>();
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"NewStore:Client:Timeout must be positive, got {options.Timeout}.");
        }

        if (options.TotalTimeout < options.Timeout)
        {
            failures.Add($"NewStore:Client:TotalTimeout ({options.TotalTimeout}) must be at least NewStore:Client:Timeout ({options.Timeout}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"NewStore:Client:MaxRetries must be between 0 and 10, got {options.MaxRetries}.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add("NewStore:Client:RetryBaseDelay must be ≥ 0 and ≤ NewStore:Client:RetryMaxDelay.");
        }

        if (options.TokenRefreshMargin < TimeSpan.Zero)
        {
            failures.Add($"NewStore:Client:TokenRefreshMargin must not be negative, got {options.TokenRefreshMargin}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
