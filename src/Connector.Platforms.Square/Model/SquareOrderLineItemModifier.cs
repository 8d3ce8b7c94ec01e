using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A modifier on a sale line (<c>OrderLineItemModifier</c>); <c>total_price_money</c> = base × line quantity and is not in the parent's base price.</summary>
public sealed record SquareOrderLineItemModifier
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Decimal text; parse with <see cref="SquareQuantity.Parse(string)"/>.</summary>
    [JsonPropertyName("quantity")]
    public string? Quantity { get; init; }

    [JsonPropertyName("catalog_object_id")]
    public string? CatalogObjectId { get; init; }

    [JsonPropertyName("base_price_money")]
    public SquareMoney? BasePriceMoney { get; init; }

    [JsonPropertyName("total_price_money")]
    public SquareMoney? TotalPriceMoney { get; init; }
}
