using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A returned modifier (<c>OrderReturnLineItemModifier</c>); <c>source_modifier_uid</c> is the sale modifier's <c>uid</c>.</summary>
public sealed record SquareOrderReturnLineItemModifier
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("source_modifier_uid")]
    public string? SourceModifierUid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("quantity")]
    public string? Quantity { get; init; }

    [JsonPropertyName("catalog_object_id")]
    public string? CatalogObjectId { get; init; }

    [JsonPropertyName("base_price_money")]
    public SquareMoney? BasePriceMoney { get; init; }

    [JsonPropertyName("total_price_money")]
    public SquareMoney? TotalPriceMoney { get; init; }
}
