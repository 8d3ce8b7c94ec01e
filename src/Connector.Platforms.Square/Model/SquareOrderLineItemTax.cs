using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A top-level order tax (<c>OrderLineItemTax</c>).</summary>
public sealed record SquareOrderLineItemTax
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>One of <see cref="SquareTaxType"/>: ADDITIVE is on top of prices, INCLUSIVE already inside them.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("percentage")]
    public string? Percentage { get; init; }

    /// <summary>One of <see cref="SquareScope"/>.</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }

    [JsonPropertyName("catalog_object_id")]
    public string? CatalogObjectId { get; init; }
}
