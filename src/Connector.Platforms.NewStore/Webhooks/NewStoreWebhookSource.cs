using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.Core.Intake;
using Connector.Jobs;
using Connector.Platforms.NewStore.Jobs;
using Connector.Platforms.NewStore.Mapping;
using Connector.Platforms.NewStore.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.NewStore.Webhooks;

/// <summary>
/// NewStore's side of the shared webhook receiver. NewStore sends every event with <c>Authorization: Bearer
/// &lt;api_key&gt;</c> (the integration's callback key; there is no signature), one event per request:
/// <c>{tenant, name, published_at, payload}</c>. Refusals, as the receiver answers and records them: missing or wrong
/// key → 401; body over 1 MiB → 413; malformed JSON, an envelope without tenant or name, a payload that is not what its
/// event name promises → 400; an envelope of another tenant → 400 too (the key was right, so the sender is ours, but
/// the event is not for this connector: redelivering it cannot help, and it is kept with its reason for ops).
/// </summary>
internal sealed class NewStoreWebhookSource(IOptions<NewStoreOptions> options) : IWebhookSource
{
    /// <summary>Largest accepted body: an order document with a few hundred items stays well below it.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public string Platform => Sync.NewStoreSync.Platform;

    int IWebhookSource.MaxBodyBytes => MaxBodyBytes;

    public string? Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return "missing api key";
        }

        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "invalid api key";
        }

        // Hashing both first makes the comparison constant-time in the key's length too.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.EventStreamApiKey ?? ""));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? null : "invalid api key";
    }

    public IntakeEvent? Parse(ReadOnlyMemory<byte> body, out string? invalid)
    {
        if (StorableJson.FindProblem(body.Span) is { } problem)
        {
            invalid = problem;
            return null;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            invalid = $"malformed JSON: {e.Message}";
            return null;
        }

        NewStoreEvent? evt;
        try
        {
            evt = root.ValueKind == JsonValueKind.Object ? root.Deserialize(NewStoreJsonContext.Default.NewStoreEvent) : null;
        }
        catch (JsonException e)
        {
            invalid = $"not a NewStore event envelope: {e.Message}";
            return null;
        }

        if (evt is null || string.IsNullOrWhiteSpace(evt.Tenant) || string.IsNullOrWhiteSpace(evt.Name))
        {
            invalid = "not a NewStore event envelope: tenant and name are required";
            return null;
        }

        if (!string.Equals(evt.Tenant, options.Value.Tenant, StringComparison.Ordinal))
        {
            invalid = $"event of tenant \"{evt.Tenant}\", but this connector serves NewStore:Tenant \"{options.Value.Tenant}\"";
            return null;
        }

        var idempotencyKey = root.TryGetProperty("idempotency_key", out var key) && key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } k ? k : null;
        try
        {
            return Describe(evt, idempotencyKey, body.Span, out invalid);
        }
        catch (NewStoreMappingException e)
        {
            invalid = e.Message;
            return null;
        }
    }

    public bool IsRelevant(string eventType) => NewStoreEventNames.IsRelevant(eventType);

    /// <summary>
    /// The event's dedupe key and work. The key is NewStore's idempotency key (unique within one event name, so the
    /// name is added) when the envelope carries one; otherwise the event name plus the entity id, and for
    /// <c>order.items_cancelled</c> (one order can emit several) the order id plus a hash of the cancelled item ids.
    /// </summary>
    private static IntakeEvent? Describe(NewStoreEvent evt, string? idempotencyKey, ReadOnlySpan<byte> body, out string? invalid)
    {
        invalid = null;
        var name = evt.Name;
        string entityKey;
        string objectType;
        string objectId;
        KeyedWork? work;
        switch (name)
        {
            case var _ when NewStoreEventNames.IsSale(name):
            {
                var order = NewStoreEventMapper.Read(evt.Payload, NewStoreJsonContext.Default.NewStoreOrder, name);
                (entityKey, objectType, objectId, work) = (order.Id, "order", order.Id, NewStoreJobKinds.Order(order.Id));
                break;
            }

            case var _ when NewStoreEventNames.IsCancellation(name):
            {
                var cancellation = NewStoreEventMapper.Read(evt.Payload, NewStoreJsonContext.Default.NewStoreCancellation, name);
                entityKey = name == NewStoreEventNames.OrderItemsCancelled
                    ? $"{cancellation.Id}:{NewStoreIds.ItemsHash(cancellation.Items.Select(i => i.Id))}"
                    : cancellation.Id;
                (objectType, objectId, work) = ("order", cancellation.Id, NewStoreJobKinds.Order(cancellation.Id));
                break;
            }

            case NewStoreEventNames.ReturnProcessed:
            {
                var processed = NewStoreEventMapper.Read(evt.Payload, NewStoreJsonContext.Default.NewStoreReturn, name);
                (entityKey, objectType, objectId) = (processed.Id, "return", processed.Id);
                work = string.IsNullOrWhiteSpace(processed.OrderId) ? NewStoreJobKinds.BlindReturn(processed.Id) : NewStoreJobKinds.Order(processed.OrderId);
                break;
            }

            case NewStoreEventNames.RefundRequestIssued:
            {
                var appeasement = NewStoreEventMapper.Read(evt.Payload, NewStoreJsonContext.Default.NewStoreRefundRequest, name);
                (entityKey, objectType, objectId, work) = (appeasement.Id, "refund_request", appeasement.Id, NewStoreJobKinds.Order(appeasement.OrderId));
                break;
            }

            default:
            {
                // Not one we act on: stored and acknowledged. Its id, when it has one, keys it; else the body's hash.
                var id = evt.Payload.ValueKind == JsonValueKind.Object && evt.Payload.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                    ? idElement.GetString()
                    : null;
                entityKey = string.IsNullOrEmpty(id) ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)) : id;
                (objectType, objectId, work) = (name.Split('.')[0], id ?? "", null);
                break;
            }
        }

        if (string.IsNullOrWhiteSpace(entityKey))
        {
            invalid = $"NewStore {name}: the payload has no id";
            return null;
        }

        var eventId = idempotencyKey is null ? $"{name}:{entityKey}" : $"{name}:{idempotencyKey}";
        return new IntakeEvent(eventId, name, evt.Tenant, objectType, string.IsNullOrEmpty(objectId) ? null : objectId, work);
    }
}
