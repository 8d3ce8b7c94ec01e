using Connector.Core.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>
/// Square's side of the shared webhook receiver: <c>x-square-hmacsha256-signature</c> over notification URL + raw body,
/// and the envelope's identifiers. Square gives up after 10 s and retries non-2xx deliveries for 72 h.
/// </summary>
internal sealed class SquareWebhookSource(IOptions<SquareOptions> options) : IWebhookSource
{
    /// <summary>Largest accepted body. Square events are a few KiB; anything near this is not Square.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public string Platform => Sync.SquareSync.Platform;

    int IWebhookSource.MaxBodyBytes => MaxBodyBytes;

    public string? Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var header = request.Headers[SquareWebhookVerifier.SignatureHeader].ToString();
        if (string.IsNullOrEmpty(header))
        {
            return "missing signature";
        }

        var settings = options.Value;
        return SquareWebhookVerifier.IsValid(header, settings.WebhookSignatureKey!, settings.WebhookNotificationUrl!, body) ? null : "invalid signature";
    }

    public IntakeEvent? Parse(ReadOnlyMemory<byte> body, out string? invalid) =>
        SquareWebhookEvent.TryParse(body, out invalid) is { } evt
            ? new IntakeEvent(evt.EventId, evt.Type, evt.MerchantId, evt.ObjectType, evt.ObjectId, SquareWebhookJob.For(evt))
            : null;

    public bool IsRelevant(string eventType) => SquareWebhookJob.IsRelevant(eventType);
}
