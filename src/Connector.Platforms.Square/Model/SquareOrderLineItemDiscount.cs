using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A top-level order discount (<c>OrderLineItemDiscount</c>).</summary>
public sealed record SquareOrderLineItemDiscount
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>One of <see cref="SquareDiscountType"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Decimal text such as <c>"7.25"</c>; unset for amount discounts.</summary>
    [JsonPropertyName("percentage")]
    public string? Percentage { get; init; }

    [JsonPropertyName("amount_money")]
    public SquareMoney? AmountMoney { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }

    /// <summary>One of <see cref="SquareScope"/>.</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("catalog_object_id")]
    public string? CatalogObjectId { get; init; }
}
