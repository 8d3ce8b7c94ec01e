using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Model;

/// <summary>
/// The payload of <c>order.cancelled</c> (every unit) and <c>order.items_cancelled</c> (some units):
/// <c>{id, items: [{id, product_id, cancellation_reason?}]}</c>. One order can emit several item cancellations.
/// </summary>
public sealed record NewStoreCancellation
{
    /// <summary>The order UUID.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("items")]
    public IReadOnlyList<NewStoreCancelledItem> Items { get; init; } = [];
}

/// <summary>One cancelled unit.</summary>
public sealed record NewStoreCancelledItem
{
    /// <summary>The order item UUID.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("product_id")]
    public string? ProductId { get; init; }

    [JsonPropertyName("cancellation_reason")]
    public string? CancellationReason { get; init; }
}
