using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A returned discount (<c>OrderReturnDiscount</c>); <c>source_discount_uid</c> is the sale discount's <c>uid</c>.</summary>
public sealed record SquareOrderReturnDiscount
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("source_discount_uid")]
    public string? SourceDiscountUid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>One of <see cref="SquareDiscountType"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("percentage")]
    public string? Percentage { get; init; }

    [JsonPropertyName("amount_money")]
    public SquareMoney? AmountMoney { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("catalog_object_id")]
    public string? CatalogObjectId { get; init; }
}
