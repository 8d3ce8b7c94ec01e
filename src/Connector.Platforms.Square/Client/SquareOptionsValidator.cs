using System.Globalization;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Client;

/// <summary>Stops the service at start, naming the key, when the settings the Square client uses cannot work.</summary>
public sealed class SquareOptionsValidator : IValidateOptions<SquareOptions>, IValidateOptions<SquareClientOptions>
{
    public ValidateOptionsResult Validate(string? name, SquareOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"Square:BaseUrl must be an absolute http(s) URL, got '{options.BaseUrl}'.");
        }

        if (!DateOnly.TryParseExact(options.Version, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            failures.Add($"Square:Version must be a Square API version such as 2025-08-20, got '{options.Version}'.");
        }

        // A token with whitespace or control characters would be refused by HttpClient on every call; say so at start
        // without echoing the secret.
        if (options.AccessToken is { } token && (token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add("Square:AccessToken must not be empty or contain whitespace (the value is not shown).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, SquareClientOptions options)
    {
        var failures = new List<string>();
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"Square:Client:Timeout must be positive, got {options.Timeout}.");
        }

        if (options.TotalTimeout < options.Timeout)
        {
            failures.Add($"Square:Client:TotalTimeout ({options.TotalTimeout}) must be at least Square:Client:Timeout ({options.Timeout}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"Square:Client:MaxRetries must be between 0 and 10, got {options.MaxRetries}.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add("Square:Client:RetryBaseDelay must be ≥ 0 and ≤ Square:Client:RetryMaxDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
