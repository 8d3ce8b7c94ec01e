using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Cash-rounding adjustment (<c>OrderRoundingAdjustment</c>).</summary>
public sealed record SquareOrderRoundingAdjustment
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("amount_money")]
    public SquareMoney? AmountMoney { get; init; }
}
