using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>With webhooks enabled, the signature key and the exact notification URL are required (both are signed over).</summary>
internal sealed class SquareWebhookOptionsValidator : IValidateOptions<SquareOptions>
{
    public ValidateOptionsResult Validate(string? name, SquareOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WebhookSignatureKey))
        {
            failures.Add("Square:WebhookSignatureKey is required to receive Square webhooks (the subscription's signature key from the Square Developer Console).");
        }

        if (string.IsNullOrWhiteSpace(options.WebhookNotificationUrl))
        {
            failures.Add("Square:WebhookNotificationUrl is required to receive Square webhooks (the notification URL exactly as registered with Square).");
        }
        else if (!Uri.TryCreate(options.WebhookNotificationUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"Square:WebhookNotificationUrl must be an absolute http(s) URL exactly as registered with Square, not '{options.WebhookNotificationUrl}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
