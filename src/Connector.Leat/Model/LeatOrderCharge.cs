using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A charge as stored by Leat.</summary>
public sealed record LeatOrderCharge
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("external_identifier")]
    public string? ExternalIdentifier { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("amount")]
    public long? Amount { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }

    [JsonPropertyName("total_amount")]
    public long? TotalAmount { get; init; }
}
