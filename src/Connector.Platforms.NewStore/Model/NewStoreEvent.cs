using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Model;

/// <summary>
/// One event-stream delivery: <c>{tenant, name, published_at, payload}</c>, one event per request. The payload's shape
/// depends on <see cref="Name"/> (<c>order.opened</c> → <see cref="NewStoreOrder"/>, <c>return.processed</c> →
/// <see cref="NewStoreReturn"/>, …) and is kept raw until the event is known to be one we handle.
/// </summary>
public sealed record NewStoreEvent(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("published_at")] DateTimeOffset? PublishedAt,
    [property: JsonPropertyName("payload")] JsonElement Payload);
