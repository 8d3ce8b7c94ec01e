using System.Security.Cryptography;
using System.Text;
using Connector.Core.Intake;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.CommerceLayer.Webhooks;

/// <summary>
/// Commerce Layer's side of the shared webhook receiver. <c>X-CommerceLayer-Signature</c> is
/// Base64(HMAC-SHA256(shared secret, raw body)), checked over the raw bytes in constant time before anything is
/// parsed. Commerce Layer generates one shared secret per webhook, so <c>CommerceLayer:WebhookSharedSecret</c> holds
/// them all (separated by commas or white space; also how a secret is rotated) and a delivery is authentic when one
/// matches. An event only says that something changed: it requests the order's sync, which fetches the order as it is.
/// </summary>
internal sealed class CommerceLayerWebhookSource(IOptionsMonitor<CommerceLayerOptions> options) : IWebhookSource
{
    public const string SignatureHeader = "X-CommerceLayer-Signature";
    public const string TopicHeader = "X-CommerceLayer-Topic";

    /// <summary>
    /// Largest accepted body. A delivery is the resource with its includes: an order with line items, returns and their
    /// lines is tens of KiB (the shared example is 43 KiB); 1 MiB leaves room for large orders and refuses floods.
    /// </summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public string Platform => Sync.CommerceLayerPlatformName.Value;

    int IWebhookSource.MaxBodyBytes => MaxBodyBytes;

    /// <summary>The configured secrets, one per registered webhook.</summary>
    public static IReadOnlyList<string> Secrets(string? configured) =>
        (configured ?? "").Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string? Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var header = request.Headers[SignatureHeader].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return "missing signature";
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(header.Trim(), given, out var length) || length != HMACSHA256.HashSizeInBytes)
        {
            return "invalid signature";
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var matched = false;
        foreach (var secret in Secrets(options.CurrentValue.WebhookSharedSecret))
        {
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
            // Every secret is tried, so the time taken does not say which one matched.
            matched |= CryptographicOperations.FixedTimeEquals(expected, given[..length]);
        }

        return matched ? null : "invalid signature";
    }

    public IntakeEvent? Parse(ReadOnlyMemory<byte> body, out string? invalid)
    {
        invalid = "a Commerce Layer delivery needs its X-CommerceLayer-Topic header";
        return null;
    }

    public IntakeEvent? Parse(HttpRequest request, ReadOnlyMemory<byte> body, out string? invalid)
    {
        var topic = request.Headers[TopicHeader].ToString().Trim();
        if (topic.Length == 0 || !topic.Contains('.', StringComparison.Ordinal))
        {
            invalid = $"missing or malformed {TopicHeader} header";
            return null;
        }

        CommerceLayerResourceRef resource;
        try
        {
            resource = CommerceLayerDocument.ReadResourceRef(body.Span);
        }
        catch (CommerceLayerFormatException e)
        {
            invalid = e.Message;
            return null;
        }

        var resourceType = topic[..topic.IndexOf('.', StringComparison.Ordinal)];
        if (resourceType != resource.Type)
        {
            invalid = $"topic {topic} is about {resourceType}, but the body is a {resource.Type} resource";
            return null;
        }

        invalid = null;
        // Deduplicated on resource + topic + updated_at: a redelivery is the same event; a later change is a new one.
        var eventId = $"{resource.Type}:{resource.Id}:{topic}:{resource.UpdatedAt?.UtcDateTime.ToString("O") ?? "-"}";
        return new IntakeEvent(eventId, topic, null, resource.Type, resource.Id, WorkFor(resource));
    }

    public bool IsRelevant(string eventType) => eventType.StartsWith("orders.", StringComparison.Ordinal)
        || eventType.StartsWith("returns.", StringComparison.Ordinal) || eventType.StartsWith("refunds.", StringComparison.Ordinal);

    /// <summary>Everything about an order is its order's work; a return or refund whose body lacks the order linkage looks it up first.</summary>
    internal static Connector.Jobs.KeyedWork? WorkFor(CommerceLayerResourceRef resource) => resource.Type switch
    {
        "orders" => CommerceLayerJobKinds.Order(resource.Id),
        "returns" => resource.OrderId is { } orderId ? CommerceLayerJobKinds.Order(orderId) : CommerceLayerJobKinds.Return(resource.Id),
        "refunds" => resource.OrderId is { } orderId ? CommerceLayerJobKinds.Order(orderId) : CommerceLayerJobKinds.Refund(resource.Id),
        _ => null,
    };
}
