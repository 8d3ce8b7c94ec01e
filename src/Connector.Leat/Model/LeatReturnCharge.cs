using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>The refunded part of a charge (e.g. shipping).</summary>
public sealed record LeatReturnCharge
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    [JsonPropertyName("amount")]
    public long? Amount { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }

    [JsonPropertyName("total_amount")]
    public required long TotalAmount { get; init; }
}
