using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A returned tip (<c>OrderReturnTip</c>).</summary>
public sealed record SquareOrderReturnTip
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("applied_money")]
    public SquareMoney? AppliedMoney { get; init; }

    [JsonPropertyName("source_tender_uid")]
    public string? SourceTenderUid { get; init; }

    [JsonPropertyName("source_tender_id")]
    public string? SourceTenderId { get; init; }
}
