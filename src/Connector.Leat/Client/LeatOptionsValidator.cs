using Microsoft.Extensions.Options;

namespace Connector.Leat.Client;

/// <summary>Stops the service at start with a message naming the key when <see cref="LeatOptions"/> cannot work.</summary>
public sealed class LeatOptionsValidator : IValidateOptions<LeatOptions>
{
    public ValidateOptionsResult Validate(string? name, LeatOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"Leat:BaseUrl must be an absolute http(s) URL, got '{options.BaseUrl}'.");
        }

        // A token with whitespace or control characters would be rejected by HttpClient on every call; say so at start
        // without echoing the secret.
        if (options.ApiToken is { } token && (token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add("Leat:ApiToken must not be empty or contain whitespace (the value is not shown).");
        }

        if (options.RequestsPerSecond is < 1 or > 1000)
        {
            failures.Add($"Leat:RequestsPerSecond must be between 1 and 1000, got {options.RequestsPerSecond}.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"Leat:Timeout must be positive, got {options.Timeout}.");
        }

        if (options.TotalTimeout < options.Timeout)
        {
            failures.Add($"Leat:TotalTimeout ({options.TotalTimeout}) must be at least Leat:Timeout ({options.Timeout}).");
        }

        if (options.GetRetries is < 0 or > 10)
        {
            failures.Add($"Leat:GetRetries must be between 0 and 10, got {options.GetRetries}.");
        }

        if (options.GetRetryBaseDelay < TimeSpan.Zero || options.GetRetryMaxDelay < options.GetRetryBaseDelay)
        {
            failures.Add("Leat:GetRetryBaseDelay must be ≥ 0 and ≤ Leat:GetRetryMaxDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
