using System.Text.Json;
using Connector.Core.Intake;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>
/// What the connector reads from a verified Square event envelope: identifiers only. The payload's state (order
/// state, refund status, amounts) is deliberately not read; the sync job fetches the current object.
/// </summary>
internal sealed record SquareWebhookEvent(
    string EventId,
    string Type,
    string? MerchantId,
    string? ObjectType,
    string? ObjectId,
    string? OrderId,
    string? LocationId,
    string? RefundId)
{
    /// <summary>Longest accepted <c>event_id</c> (Square sends UUIDs); the primary key index limits it anyway.</summary>
    public const int MaxEventIdLength = StorableKey.MaxLength;

    /// <summary>
    /// Reads the envelope, or returns null with a short reason when the body is not a usable event: not JSON, not
    /// storable as jsonb (the whole body is stored), or an identifier that cannot serve as a key.
    /// </summary>
    public static SquareWebhookEvent? TryParse(ReadOnlyMemory<byte> body, out string? reason)
    {
        // Before anything reads a string: JsonElement.GetString() throws on a lone surrogate escape, and what jsonb
        // refuses would otherwise fail the insert (a 500, and Square redelivering the same body for 72 hours).
        if (StorableJson.FindProblem(body.Span) is { } problem)
        {
            reason = problem;
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            reason = "malformed JSON";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "body is not a JSON object";
                return null;
            }

            var eventId = String(root, "event_id");
            if (string.IsNullOrWhiteSpace(eventId))
            {
                reason = "missing event_id";
                return null;
            }

            var type = String(root, "type");
            if (string.IsNullOrWhiteSpace(type))
            {
                reason = "missing type";
                return null;
            }

            string? objectType = null, objectId = null, orderId = null, locationId = null, refundId = null;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                objectType = String(data, "type");
                objectId = String(data, "id");
                if (data.TryGetProperty("object", out var obj) && obj.ValueKind == JsonValueKind.Object)
                {
                    (orderId, locationId, refundId) = ReadObject(type, obj, objectId);
                }
                else if (IsOrderEvent(type))
                {
                    orderId = objectId;
                }
            }

            var merchantId = String(root, "merchant_id");
            reason = KeyProblem("event_id", eventId) ?? KeyProblem("type", type) ?? KeyProblem("merchant_id", merchantId)
                ?? KeyProblem("data.type", objectType) ?? KeyProblem("data.id", objectId) ?? KeyProblem("order id", orderId)
                ?? KeyProblem("location id", locationId) ?? KeyProblem("refund id", refundId);
            return reason is null ? new SquareWebhookEvent(eventId, type, merchantId, objectType, objectId, orderId, locationId, refundId) : null;
        }
    }

    private static (string? OrderId, string? LocationId, string? RefundId) ReadObject(string type, JsonElement obj, string? dataId)
    {
        if (type.StartsWith("payment.", StringComparison.Ordinal))
        {
            // A payment's own id is not an order id: without order_id there is nothing to sync from this event.
            return obj.TryGetProperty("payment", out var payment) && payment.ValueKind == JsonValueKind.Object
                ? (String(payment, "order_id"), String(payment, "location_id"), null)
                : (null, null, null);
        }

        if (type.StartsWith("refund.", StringComparison.Ordinal))
        {
            return obj.TryGetProperty("refund", out var refund) && refund.ValueKind == JsonValueKind.Object
                ? (String(refund, "order_id"), String(refund, "location_id"), String(refund, "id") ?? dataId)
                : (null, null, dataId);
        }

        if (IsOrderEvent(type))
        {
            // The summary sits under order_created / order_updated / order_fulfillment_updated; data.type has been seen
            // to disagree with that key, so take whichever member carries an order_id, and data.id otherwise.
            foreach (var member in obj.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.Object && String(member.Value, "order_id") is { } id)
                {
                    return (id, String(member.Value, "location_id"), null);
                }
            }

            return (dataId, null, null);
        }

        return (null, null, null);
    }

    // Every value read here ends up in an indexed column, a job's unique key or a log line.
    private static string? KeyProblem(string field, string? value) => value is null ? null : StorableKey.FindProblem(field, value, MaxEventIdLength);

    private static bool IsOrderEvent(string type) => type.StartsWith("order.", StringComparison.Ordinal);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
