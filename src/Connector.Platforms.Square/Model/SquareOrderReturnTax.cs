using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A returned tax (<c>OrderReturnTax</c>); <c>source_tax_uid</c> is the sale tax's <c>uid</c>.</summary>
public sealed record SquareOrderReturnTax
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("source_tax_uid")]
    public string? SourceTaxUid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>One of <see cref="SquareTaxType"/>.</summary>
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
